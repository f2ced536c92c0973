import { defineTable } from '../../../src/index.ts';
import { bool, flow, growth, money, pct, period, text } from '../columns.ts';

export default defineTable({
  title: 'Exports and imports by bloc',
  description:
    "One row per period, flow and bloc, the bloc's members as of that period (bloc_membership); 'world' = all partners (docs/publishing.md trade.trade_by_bloc).",
  primaryKey: ['year', 'period', 'flow', 'bloc'],
  columns: [
    ...period,
    flow,
    text(
      'bloc',
      'eaeu, customs_union, cis, far_abroad, sco, eu, central_asia, china (registry/bloc_definitions.csv) or world',
      true,
    ),
    text('bloc_name_en', 'English name'),
    text('bloc_name_ru', 'Russian name'),
    money('value_usd', 'sum over the partners that count for the bloc in the period'),
    pct('share_pct', 'share of total exports / imports of the period, percent'),
    ...growth,
    {
      name: 'members',
      type: 'int32',
      description: 'countries counted for the bloc in the period (Kazakhstan excluded)',
    },
    {
      name: 'partners_with_data',
      type: 'int32',
      description: 'of those, partners with a row in the inputs',
    },
    bool(
      'complete',
      "false when a member present in the inputs has a NULL value, or when the period's partner rows account for less of the total than coverage_tolerance_pct allows (trade_totals.partner_coverage_pct) and some member has no row",
    ),
    text('total_source', 'where the denominator comes from'),
    text('partners', 'ISO3 codes of the partners summed, space-separated'),
  ],
});
