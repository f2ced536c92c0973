import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_by_bloc: the sum over the partners that count for a bloc, and the world', () => {
  it('complete when every member has data, or the partners cover the total; otherwise not', async () => {
    const key = { year: 2022, period: '2022', period_type: 'year', flow: 'export' };
    await table(db, 'partner_values', [
      { ...key, partner: 'RUS', value: 60, complete: true },
      { ...key, partner: 'KGZ', value: 10, complete: true },
    ]);
    const member = (bloc: string, partner: string) => ({ period: '2022', bloc, partner, counted: true });
    await table(db, 'bloc_membership', [
      member('eaeu', 'RUS'),
      member('eaeu', 'KGZ'),
      member('cis', 'RUS'),
      member('cis', 'KGZ'),
      member('cis', 'UZB'),
    ]);
    await table(
      db,
      'trade_totals',
      [
        {
          ...key,
          value_usd: 100,
          partners: 2,
          partners_without_value: 0,
          partner_coverage_pct: 90,
          total_source: 'published',
        },
      ],
      { value_usd: 'DOUBLE', partner_coverage_pct: 'DOUBLE' },
    );
    await table(db, 'period_links', [{ period: '2022', previous_period: '2021', year_ago_period: '2021' }]);
    await table(db, 'bloc_definitions', [
      { bloc: 'eaeu', name_en: 'Eurasian Economic Union', name_ru: 'ЕАЭС' },
      { bloc: 'cis', name_en: 'CIS', name_ru: 'СНГ' },
    ]);
    const rows = await runModel(db, 'trade', 'trade_by_bloc');
    expect(
      pick(rows, ['bloc', 'value_usd', 'share_pct', 'members', 'partners_with_data', 'complete']),
    ).toEqual([
      { bloc: 'cis', value_usd: 70, share_pct: 70, members: 3, partners_with_data: 2, complete: false },
      { bloc: 'eaeu', value_usd: 70, share_pct: 70, members: 2, partners_with_data: 2, complete: true },
      { bloc: 'world', value_usd: 100, share_pct: 100, members: null, partners_with_data: 2, complete: true },
    ]);
  });
});
