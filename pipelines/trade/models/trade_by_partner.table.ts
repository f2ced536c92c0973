import { defineTable } from '../../../src/index.ts';
import { bool, flow, growth, money, pct, period, text } from '../columns.ts';

export default defineTable({
  title: 'Exports and imports by partner country',
  description:
    'One row per period, flow and partner (ISO 3166-1 alpha-3): value, share of the total, growth (docs/publishing.md trade.trade_by_partner).',
  primaryKey: ['year', 'period', 'flow', 'partner'],
  columns: [
    ...period,
    flow,
    text('partner', 'ISO 3166-1 alpha-3 code of the partner country', true),
    text('partner_name_en', 'English name (registry/countries.csv)'),
    text('partner_name_ru', 'Russian name (registry/countries.csv)'),
    money('value_usd', 'exports to / imports from the partner'),
    pct('share_pct', 'share of total exports / imports of the period, percent'),
    ...growth,
    text('status', "NULL = published value; 'x' confidential, 'na' not available"),
    text('value_source', "'published', or 'sum of products' when the input gave the partner only by product"),
    bool('complete', 'false when the value is NULL or a sum with NULL parts'),
    text(
      'total_source',
      "where the denominator comes from: 'published', 'sum of partners', 'sum of products'",
    ),
    text('note', "the source's note: for the BNS files the partner's Russian name as printed that year"),
    text('source', 'raw file and row the figure came from'),
  ],
});
