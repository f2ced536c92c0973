import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('period_links: the period just before and the same period a year earlier', () => {
  it('a quarter follows the one that ends the day before; a year-to-date period has no previous one', async () => {
    const figure = (period: string, period_type: string, year: number, start: string, end: string) => ({
      indicator: 'exports',
      region_kato: '000000000',
      year,
      period,
      period_type,
      period_start: start,
      period_end: end,
      value: 1,
      unit: 'thousand USD',
    });
    await observations(db, [
      figure('2021-Q2', 'quarter', 2021, '2021-04-01', '2021-06-30'),
      figure('2022-Q1', 'quarter', 2022, '2022-01-01', '2022-03-31'),
      figure('2022-Q2', 'quarter', 2022, '2022-04-01', '2022-06-30'),
      figure('2021-YTD-Q2', 'ytd', 2021, '2021-01-01', '2021-06-30'),
      figure('2022-YTD-Q2', 'ytd', 2022, '2022-01-01', '2022-06-30'),
    ]);
    await table(db, 'published_totals', [], {
      year: 'INTEGER',
      period: 'VARCHAR',
      period_type: 'VARCHAR',
      period_start: 'DATE',
      period_end: 'DATE',
    });
    const rows = await runModel(db, 'trade', 'period_links');
    expect(pick(rows, ['period', 'previous_period', 'year_ago_period'])).toEqual([
      { period: '2021-Q2', previous_period: null, year_ago_period: null },
      { period: '2021-YTD-Q2', previous_period: null, year_ago_period: null },
      { period: '2022-Q1', previous_period: null, year_ago_period: null },
      { period: '2022-Q2', previous_period: '2022-Q1', year_ago_period: '2021-Q2' },
      { period: '2022-YTD-Q2', previous_period: null, year_ago_period: '2021-YTD-Q2' },
    ]);
  });
});
