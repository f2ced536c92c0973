import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, pick, runModel, table } from '../helpers.ts';

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
    await contractTable(db, 'trade', 'bloc_membership', [
      member('eaeu', 'RUS'),
      member('eaeu', 'KGZ'),
      member('cis', 'RUS'),
      member('cis', 'KGZ'),
      member('cis', 'UZB'),
    ]);
    await contractTable(db, 'trade', 'trade_totals', [
      {
        ...key,
        value_usd: 100,
        partners: 2,
        partners_without_value: 0,
        partner_coverage_pct: 90,
        total_source: 'published',
      },
    ]);
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

  it('has growth only between two complete sums: a year given for China alone is no base for the others', async () => {
    const year = (y: number, partner: string, value: number) => ({
      year: y,
      period: String(y),
      period_type: 'year',
      flow: 'export',
      partner,
      value,
      complete: true,
    });
    await table(db, 'partner_values', [year(2019, 'CHN', 8), year(2020, 'CHN', 10), year(2020, 'DEU', 40)]);
    const member = (period: string, bloc: string, partner: string) => ({
      period,
      bloc,
      partner,
      counted: true,
    });
    await contractTable(db, 'trade', 'bloc_membership', [
      member('2019', 'china', 'CHN'),
      member('2019', 'far_abroad', 'CHN'),
      member('2019', 'far_abroad', 'DEU'),
      member('2020', 'china', 'CHN'),
      member('2020', 'far_abroad', 'CHN'),
      member('2020', 'far_abroad', 'DEU'),
    ]);
    const total = (y: number, value_usd: number, partners: number, partner_coverage_pct: number) => ({
      year: y,
      period: String(y),
      period_type: 'year',
      flow: 'export',
      value_usd,
      partners,
      partners_without_value: 0,
      partner_coverage_pct,
      total_source: 'published',
    });
    await table(db, 'trade_totals', [total(2019, 58, 1, 13.8), total(2020, 50, 2, 100)], {
      value_usd: 'DOUBLE',
      partner_coverage_pct: 'DOUBLE',
    });
    await table(db, 'period_links', [
      { period: '2019', previous_period: '2018', year_ago_period: '2018' },
      { period: '2020', previous_period: '2019', year_ago_period: '2019' },
    ]);
    await table(db, 'bloc_definitions', [
      { bloc: 'china', name_en: 'China', name_ru: 'Китай' },
      { bloc: 'far_abroad', name_en: 'Far abroad', name_ru: 'Дальнее зарубежье' },
    ]);
    const rows = await runModel(db, 'trade', 'trade_by_bloc');
    expect(
      pick(
        rows.filter((r) => r.period === '2020'),
        ['bloc', 'complete', 'growth_prev_pct', 'growth_yoy_pct'],
      ),
    ).toEqual([
      { bloc: 'china', complete: true, growth_prev_pct: 25, growth_yoy_pct: 25 },
      { bloc: 'far_abroad', complete: true, growth_prev_pct: null, growth_yoy_pct: null },
      { bloc: 'world', complete: true, growth_prev_pct: -13.793103448, growth_yoy_pct: -13.793103448 },
    ]);
  });
});
