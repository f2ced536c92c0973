import { defineTable } from '../../../src/index.ts';
import { coverage, flow, growth, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['exports', 'imports'],
    inputs: 'exports or imports by partner and HS product',
    where: 'NOT covers_all(product) AND NOT covers_all(partner)',
  },
  schemaVersion: '1.1',
  title: 'Exports and imports by partner and HS product',
  description: 'Rows with both a partner and a product, as given, with growth (the integration report 2020).',
  primaryKey: ['year', 'period', 'flow', 'partner', 'product'],
  columns: [
    ...period,
    flow,
    text('partner', 'ISO3 code', true),
    text('product', 'HS code', true),
    money('value_usd', 'value'),
    pct('share_of_partner_pct', "share of the partner's total, percent"),
    ...growth,
    text('status', 'status of the value'),
    ...coverage("the partner's goods"),
    text('source', 'raw file and row'),
  ],
});
