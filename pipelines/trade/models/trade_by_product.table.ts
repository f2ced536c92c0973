import { defineTable } from '../../../src/index.ts';
import { bool, coverage, flow, growth, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['exports', 'imports'],
    inputs: 'exports or imports by HS product (indicator exports or imports with a product code)',
    where: 'NOT covers_all(product)',
  },
  schemaVersion: '1.1',
  title: 'Exports and imports by HS product',
  description:
    'All partners together, by product as given (or by chapter summed over partners): share, growth, degree of processing, resource or not.',
  primaryKey: ['year', 'period', 'flow', 'product'],
  columns: [
    ...period,
    flow,
    text('product', 'HS code', true),
    { name: 'hs_digits', type: 'int32', description: 'length of the HS code (2 chapter, 4 heading, 6+)' },
    money('value_usd', 'value'),
    pct('share_pct', 'share of total exports / imports, percent'),
    ...growth,
    text('degree', "'raw', 'processed' (registry/hs_processing.csv) or 'unclassified'", true),
    bool('resource', 'HS chapter in the parameter resource_chapters'),
    bool('top_level', 'no coarser code of the same period and flow is given (rows that add up)'),
    text('status', 'status of the value'),
    text('value_source', "'published' or 'sum of partners'"),
    money('published_usd', "the BNS's own figure for the product, where published (crude oil, HS 2709)"),
    pct('difference_pct', '(value_usd / published_usd - 1) * 100'),
    ...coverage("the period's goods"),
  ],
});
