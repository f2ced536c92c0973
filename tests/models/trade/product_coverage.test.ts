import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('product_coverage = goods by product / the published total * 100', () => {
  it('complete within the 2 % tolerance; short of it, or with an unknown product value, incomplete', async () => {
    const key = (period: string, flow: string) => ({
      year: Number(period),
      period,
      period_type: 'year',
      flow,
    });
    await table(
      db,
      'world_products',
      [
        { ...key('2021', 'export'), product: '27', value: 99, complete: true, top_level: true },
        { ...key('2022', 'export'), product: '27', value: 90, complete: true, top_level: true },
        { ...key('2022', 'import'), product: '84', value: null, complete: false, top_level: true },
      ],
      { value: 'DOUBLE' },
    );
    await table(
      db,
      'trade_totals',
      [
        { period: '2021', flow: 'export', published_usd: 100 },
        { period: '2022', flow: 'export', published_usd: 100 },
        { period: '2022', flow: 'import', published_usd: 100 },
      ],
      { published_usd: 'DOUBLE' },
    );
    await table(db, 'product_flows', [], {
      year: 'INTEGER',
      period: 'VARCHAR',
      period_type: 'VARCHAR',
      flow: 'VARCHAR',
      partner: 'VARCHAR',
      value: 'DOUBLE',
    });
    await table(db, 'partner_values', [], {
      period: 'VARCHAR',
      flow: 'VARCHAR',
      partner: 'VARCHAR',
      value: 'DOUBLE',
      value_source: 'VARCHAR',
    });
    const rows = await runModel(db, 'trade', 'product_coverage');
    expect(pick(rows, ['period', 'flow', 'product_coverage_pct', 'complete', 'reason'])).toEqual([
      { period: '2021', flow: 'export', product_coverage_pct: 99, complete: true, reason: null },
      {
        period: '2022',
        flow: 'export',
        product_coverage_pct: 90,
        complete: false,
        reason: 'products account for 90.0 % of the published total',
      },
      {
        period: '2022',
        flow: 'import',
        product_coverage_pct: null,
        complete: false,
        reason: 'a product value is not known (NULL)',
      },
    ]);
  });
});
