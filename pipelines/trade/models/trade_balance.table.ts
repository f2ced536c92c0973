import { defineTable } from '../../../src/index.ts';
import { money, pct, period, text } from '../columns.ts';

export default defineTable({
  title: 'Trade balance and coverage by partner, bloc and world',
  description:
    'Exports, imports, balance X - M and coverage X / M * 100 per period for each partner, bloc and the world (docs/publishing.md trade.trade_balance).',
  primaryKey: ['year', 'period', 'partner_or_bloc'],
  columns: [
    ...period,
    text('partner_or_bloc', 'ISO3 partner code, bloc id, or world', true),
    text('kind', "'partner', 'bloc' or 'world'", true),
    text('name_en', 'English name'),
    money('exports_usd', 'exports'),
    money('imports_usd', 'imports'),
    money('balance_usd', 'exports - imports; NULL when either is missing'),
    pct('coverage_pct', 'exports / imports * 100; NULL when imports are 0 or missing'),
    money('turnover_usd', 'exports + imports'),
  ],
});
