import { defineTable } from '../../../src/index.ts';
import { flow, money, pct, period, text } from '../columns.ts';

export default defineTable({
  schemaVersion: '1.1',
  title: 'Total exports and imports',
  description:
    'The denominator of every share: the published total when an input gives one, else the sum over partners; with the difference between the two where both exist.',
  primaryKey: ['year', 'period', 'flow'],
  columns: [
    ...period,
    flow,
    money('value_usd', 'total used for shares'),
    text('total_source', "'published', 'sum of partners' or 'sum of products'", true),
    money('published_usd', "total as published (input row with partner '_T')"),
    money('sum_of_partners_usd', 'sum over partners'),
    pct('difference_pct', '(sum of partners / published - 1) * 100'),
    pct(
      'partner_coverage_pct',
      'sum of partners / value_usd * 100: how much of the total the partner rows account for',
    ),
    { name: 'partners', type: 'int32', description: 'partners with a row' },
    { name: 'partners_without_value', type: 'int32', description: 'partners whose value is NULL' },
    text('published_source', 'raw file and row of the published total (or the first and last month summed)'),
  ],
});
