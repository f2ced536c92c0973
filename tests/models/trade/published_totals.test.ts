import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('published_totals: a year (or a year so far) as the sum of its published months', () => {
  it('January to the month before the first gap; a month without value gives no total', async () => {
    const month = (year: number, m: number, value: number | null) => ({
      year,
      period: `${year}-M${String(m).padStart(2, '0')}`,
      period_type: 'month',
      period_start: `${year}-${String(m).padStart(2, '0')}-01`,
      flow: 'export',
      partner: '_T',
      product: '_T',
      value,
      source: `bns.csv#row ${m + 1}`,
    });
    await table(
      db,
      'trade_flows',
      [month(2022, 1, 1), month(2022, 2, 2), month(2022, 3, 3), month(2022, 5, 5), month(2023, 1, null)],
      { period_start: 'DATE', value: 'DOUBLE' },
    );
    const rows = await runModel(db, 'trade', 'published_totals');
    expect(pick(rows, ['period', 'period_type', 'value', 'months', 'source'])).toEqual([
      {
        period: '2022-Q1',
        period_type: 'quarter',
        value: 6,
        months: 3,
        source: 'bns.csv row 2 to row 4 (sum of 3 months)',
      },
    ]);
  });
});
