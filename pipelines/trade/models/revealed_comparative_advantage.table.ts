import { defineTable } from '../../../src/index.ts';
import { coverage, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['exports', 'world_exports'],
    inputs: 'exports by HS product and world exports by the same products (indicator world_exports)',
    where: 'NOT covers_all(product)',
  },
  schemaVersion: '1.1',
  title: 'Revealed comparative advantage (Balassa) by product',
  description:
    'RCA = (X_KZ,k / X_KZ) / (X_W,k / X_W) where world exports are supplied: by chapter, summed from headings where the two sides are in different HS editions (HS 2012 against the HS 1992 world trade), and by code as given otherwise; a heading of different editions has no RCA, with the reason.',
  primaryKey: ['year', 'period', 'product'],
  columns: [
    ...period,
    text('product', 'HS code', true),
    { name: 'hs_digits', type: 'int32', description: 'length of the HS code (2 chapter, 4 heading)' },
    money('exports_usd', "Kazakhstan's exports of the product"),
    money('total_exports_usd', "Kazakhstan's total exports"),
    money('world_exports_usd', 'world exports of the product'),
    money('world_total_exports_usd', 'world exports, all goods'),
    pct('kz_share_pct', "the product's share of Kazakhstan's exports"),
    pct('world_share_pct', "the product's share of world exports"),
    {
      name: 'rca',
      type: 'double',
      description: 'Balassa index; > 1 = revealed advantage',
      unit: 'ratio',
    },
    text('reason', 'why rca is NULL'),
    ...coverage('exports'),
  ],
});
