import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('non_resource_exports: exports outside the resource chapters, towards doubling those of 2018', () => {
  it('share, % of the base year and progress; a product without value makes the period incomplete', async () => {
    const exported = (year: number, resource: boolean, value_usd: number | null) => ({
      year,
      period: String(year),
      period_type: 'year',
      flow: 'export',
      top_level: true,
      resource,
      value_usd,
    });
    await table(
      db,
      'trade_by_product',
      [
        exported(2018, true, 80),
        exported(2018, false, 20),
        exported(2022, true, 100),
        exported(2022, false, 30),
        exported(2023, true, null),
        exported(2023, false, 30),
      ],
      { value_usd: 'DOUBLE' },
    );
    await table(
      db,
      'product_coverage',
      [2018, 2022, 2023].map((year) => ({
        period: String(year),
        flow: 'export',
        partner: '_T',
        product_coverage_pct: 100,
        complete: true,
      })),
      { product_coverage_pct: 'DOUBLE' },
    );
    const rows = rounded(await runModel(db, 'trade', 'non_resource_exports'));
    expect(
      pick(rows, [
        'period',
        'non_resource_usd',
        'non_resource_share_pct',
        'pct_of_base',
        'doubling_progress_pct',
        'target_usd',
        'complete',
      ]),
    ).toEqual([
      {
        period: '2018',
        non_resource_usd: 20,
        non_resource_share_pct: 20,
        pct_of_base: 100,
        doubling_progress_pct: 0,
        target_usd: 40,
        complete: true,
      },
      {
        period: '2022',
        non_resource_usd: 30,
        non_resource_share_pct: 23.076923,
        pct_of_base: 150,
        doubling_progress_pct: 50,
        target_usd: 40,
        complete: true,
      },
      {
        period: '2023',
        non_resource_usd: 30,
        non_resource_share_pct: 100,
        pct_of_base: 150,
        doubling_progress_pct: 50,
        target_usd: 40,
        complete: false,
      },
    ]);
  });
});
