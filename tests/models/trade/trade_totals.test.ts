import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

const key = (flow: string) => ({ year: 2022, period: '2022', period_type: 'year', flow });

describe('trade_totals: the published total, else the larger of the sums of partners and of products', () => {
  it('a published total with the partners measured against it; without one, the larger sum', async () => {
    await table(
      db,
      'trade_flows',
      [{ ...key('export'), partner: '_T', product: '_T', value: 100, status: null, source: 'bns.csv' }],
      { status: 'VARCHAR', value: 'DOUBLE' },
    );
    await table(db, 'published_totals', [], {
      year: 'INTEGER',
      period: 'VARCHAR',
      period_type: 'VARCHAR',
      flow: 'VARCHAR',
      product: 'VARCHAR',
      value: 'DOUBLE',
      source: 'VARCHAR',
    });
    await table(
      db,
      'partner_values',
      [
        { ...key('export'), value: 60 },
        { ...key('export'), value: 30 },
        { ...key('import'), value: 40 },
        { ...key('import'), value: null },
      ],
      { value: 'DOUBLE' },
    );
    await table(db, 'product_flows', [{ ...key('import'), partner: '_T', value: 50 }], { value: 'DOUBLE' });
    const rows = rounded(await runModel(db, 'trade', 'trade_totals'));
    expect(
      pick(rows, [
        'flow',
        'value_usd',
        'total_source',
        'difference_pct',
        'partner_coverage_pct',
        'partners',
        'partners_without_value',
      ]),
    ).toEqual([
      {
        flow: 'export',
        value_usd: 100,
        total_source: 'published',
        difference_pct: -10,
        partner_coverage_pct: 90,
        partners: 2,
        partners_without_value: 0,
      },
      {
        flow: 'import',
        value_usd: 50,
        total_source: 'sum of products',
        difference_pct: null,
        partner_coverage_pct: 80,
        partners: 2,
        partners_without_value: 1,
      },
    ]);
  });
});
