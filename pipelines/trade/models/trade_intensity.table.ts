import { defineTable } from '../../../src/index.ts';
import { money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['world_imports'],
    inputs:
      'the imports of each partner country from the world, all goods, and the world total (indicator world_imports with a partner, e.g. a WITS download; the bundled world trade is by product only)',
    where: 'NOT covers_all(partner) AND covers_all(product)',
  },
  title: 'Trade intensity of exports by partner',
  description: 'TII_j = (X_KZ,j / X_KZ) / (M_j / M_W) where world imports are supplied.',
  primaryKey: ['year', 'period', 'partner'],
  columns: [
    ...period,
    text('partner', 'ISO3 code of the importing partner', true),
    text('partner_name_en', 'English name'),
    money('exports_usd', 'exports to the partner'),
    money('total_exports_usd', "Kazakhstan's total exports"),
    money('partner_imports_usd', "the partner's imports from the world"),
    money('world_imports_usd', 'world imports'),
    pct('kz_export_share_pct', "the partner's share of Kazakhstan's exports"),
    pct('partner_import_share_pct', "the partner's share of world imports"),
    {
      name: 'tii',
      type: 'double',
      description: 'trade intensity index; > 1 = more intense than the partner’s weight',
      unit: 'ratio',
    },
  ],
});
