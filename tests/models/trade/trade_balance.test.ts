import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, pick, runModel } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_balance: X - M, X / M * 100 and X + M with each partner, bloc and the world', () => {
  it('imports of 0 give coverage NULL, not Infinity; a missing flow leaves all three NULL', async () => {
    const flow = (partner: string, f: string, value_usd: number) => ({
      year: 2022,
      period: '2022',
      period_type: 'year',
      partner,
      partner_name_en: partner,
      flow: f,
      value_usd,
    });
    await contractTable(db, 'trade', 'trade_by_partner', [
      flow('CHN', 'export', 300),
      flow('CHN', 'import', 200),
      flow('RUS', 'export', 50),
      flow('RUS', 'import', 0),
      flow('TUR', 'export', 10),
    ]);
    await contractTable(db, 'trade', 'trade_by_bloc', [
      {
        year: 2022,
        period: '2022',
        period_type: 'year',
        bloc: 'world',
        bloc_name_en: 'World',
        flow: 'export',
        value_usd: 360,
      },
      {
        year: 2022,
        period: '2022',
        period_type: 'year',
        bloc: 'world',
        bloc_name_en: 'World',
        flow: 'import',
        value_usd: 200,
      },
    ]);
    const rows = await runModel(db, 'trade', 'trade_balance');
    expect(pick(rows, ['partner_or_bloc', 'kind', 'balance_usd', 'coverage_pct', 'turnover_usd'])).toEqual([
      { partner_or_bloc: 'CHN', kind: 'partner', balance_usd: 100, coverage_pct: 150, turnover_usd: 500 },
      { partner_or_bloc: 'RUS', kind: 'partner', balance_usd: 50, coverage_pct: null, turnover_usd: 50 },
      { partner_or_bloc: 'TUR', kind: 'partner', balance_usd: null, coverage_pct: null, turnover_usd: null },
      { partner_or_bloc: 'world', kind: 'world', balance_usd: 160, coverage_pct: 180, turnover_usd: 560 },
    ]);
  });
});
