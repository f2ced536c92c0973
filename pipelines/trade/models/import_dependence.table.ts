import { defineTable } from '../../../src/index.ts';
import { coverage, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['production'],
    inputs: 'production by product (indicator production, thousand USD, the HS codes of the trade rows)',
  },
  schemaVersion: '1.1',
  title: 'Import dependence by product',
  description:
    'M / (Q + M - X) * 100 by product where production is supplied, and its change (Kunyazov 2020: import substitution).',
  primaryKey: ['year', 'period', 'product'],
  columns: [
    ...period,
    text('product', 'HS code shared by production and trade rows', true),
    money('production_usd', 'production (indicator production)'),
    money('imports_usd', 'imports'),
    money('exports_usd', 'exports'),
    money('apparent_consumption_usd', 'production + imports - exports'),
    pct('import_dependence_pct', 'imports / apparent consumption * 100; NULL with a reason'),
    {
      name: 'change_prev_pp',
      type: 'double',
      description: 'change against the previous period, percentage points (negative = substitution)',
      unit: 'percentage points',
    },
    {
      name: 'change_yoy_pp',
      type: 'double',
      description: 'change against the same period a year earlier, percentage points',
      unit: 'percentage points',
    },
    text('reason', 'why import_dependence_pct is NULL'),
    ...coverage('imports'),
  ],
});
