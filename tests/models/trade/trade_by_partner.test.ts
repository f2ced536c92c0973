import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_by_partner: value, share of the total and growth by partner', () => {
  it('share = value / total * 100; growth against a year earlier, NULL against 0', async () => {
    const v = (period: string, partner: string, value: number) => ({
      year: Number(period),
      period,
      period_type: 'year',
      flow: 'export',
      partner,
      value,
      status: null,
      value_source: 'published',
      complete: true,
      note: null,
      source: 'hand-made',
    });
    await table(
      db,
      'partner_values',
      [v('2021', 'CHN', 100), v('2022', 'CHN', 150), v('2021', 'TUR', 0), v('2022', 'TUR', 10)],
      {
        value: 'DOUBLE',
        status: 'VARCHAR',
        note: 'VARCHAR',
      },
    );
    await table(db, 'period_links', [
      { period: '2021', previous_period: '2020', year_ago_period: '2020' },
      { period: '2022', previous_period: '2021', year_ago_period: '2021' },
    ]);
    await table(
      db,
      'trade_totals',
      [
        { period: '2021', flow: 'export', value_usd: 400, total_source: 'published' },
        { period: '2022', flow: 'export', value_usd: 500, total_source: 'published' },
      ],
      { value_usd: 'DOUBLE' },
    );
    const rows = await runModel(db, 'trade', 'trade_by_partner');
    expect(pick(rows, ['period', 'partner', 'partner_name_en', 'share_pct', 'growth_yoy_pct'])).toEqual([
      {
        period: '2021',
        partner: 'CHN',
        partner_name_en: "People's Republic of China",
        share_pct: 25,
        growth_yoy_pct: null,
      },
      { period: '2021', partner: 'TUR', partner_name_en: 'Türkiye', share_pct: 0, growth_yoy_pct: null },
      {
        period: '2022',
        partner: 'CHN',
        partner_name_en: "People's Republic of China",
        share_pct: 30,
        growth_yoy_pct: 50,
      },
      { period: '2022', partner: 'TUR', partner_name_en: 'Türkiye', share_pct: 2, growth_yoy_pct: null },
    ]);
  });
});
