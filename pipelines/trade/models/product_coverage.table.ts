import { defineTable } from '../../../src/index.ts';
import { coverage, flow, money, period, text } from '../columns.ts';

export default defineTable({
  title: 'Coverage of the published totals by goods given by product',
  description:
    'Per period and flow, for all partners (partner `_T`) and for each partner whose total is published: the sum of the goods given by product against the published total, and whether the period is complete (within coverage_tolerance_pct). UN Comtrade misses 12 % of exports and 43 % of imports of Kazakhstan in 2020.',
  primaryKey: ['year', 'period', 'flow', 'partner'],
  columns: [
    ...period,
    flow,
    text('partner', "ISO3 code; '_T' = all partners", true),
    money('products_usd', 'sum of the top-level product rows (nothing counted twice)'),
    money('published_usd', 'the published total (for a partner, its published value)'),
    ...coverage('the goods'),
    text('reason', 'why the period is not complete, or why that cannot be said'),
  ],
});
