import { defineTable } from '../../../src/index.ts';
import { bool, coverage, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['exports'],
    inputs: 'exports by HS product',
    where: 'NOT covers_all(product)',
  },
  schemaVersion: '1.1',
  title: 'Non-resource exports and progress towards doubling',
  description:
    'Exports outside the resource chapters (parameter resource_chapters) against the same period of the base year (parameter doubling_base_year); doubling_progress_pct = 100 means doubled (the integration report 2020).',
  primaryKey: ['year', 'period'],
  columns: [
    ...period,
    money('resource_usd', 'exports of the resource chapters'),
    money('non_resource_usd', 'exports of all other chapters'),
    money('products_usd', 'exports given by product (top-level codes)'),
    pct('non_resource_share_pct', 'non-resource / products * 100'),
    { name: 'base_year', type: 'int32', description: 'parameter doubling_base_year' },
    text('base_period', 'the same period in the base year'),
    money('base_non_resource_usd', 'non-resource exports of the base period'),
    pct('pct_of_base', 'non-resource exports / base * 100'),
    pct('doubling_progress_pct', '(non-resource / base - 1) * 100; 100 = doubled'),
    { name: 'target_year', type: 'int32', description: 'parameter doubling_target_year' },
    money('target_usd', '2 * base'),
    ...coverage('exports'),
    bool('base_complete', 'complete of the base period: progress against an incomplete base is not progress'),
  ],
});
