import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_by_product: share, growth, degree of processing and resource flag by product', () => {
  it('the degree of the longest matching HS prefix; a code the mapping does not know is unclassified', async () => {
    const w = (period: string, product: string, value: number) => ({
      year: Number(period),
      period,
      period_type: 'year',
      flow: 'export',
      product,
      value,
      status: null,
      value_source: 'published',
      complete: true,
      top_level: true,
    });
    await table(
      db,
      'world_products',
      [w('2021', '2709', 80), w('2022', '2709', 100), w('2022', '8471', 50), w('2022', '99', 10)],
      {
        value: 'DOUBLE',
        status: 'VARCHAR',
      },
    );
    await table(db, 'hs_processing', [
      { hs: '27', degree: 'raw' },
      { hs: '84', degree: 'processed' },
      { hs: '8471', degree: 'high-tech' },
    ]);
    await table(db, 'period_links', [
      { period: '2021', previous_period: '2020', year_ago_period: '2020' },
      { period: '2022', previous_period: '2021', year_ago_period: '2021' },
    ]);
    await contractTable(db, 'trade', 'trade_totals', [{ period: '2022', flow: 'export', value_usd: 200 }]);
    await contractTable(db, 'trade', 'product_coverage', [
      { period: '2022', flow: 'export', partner: '_T', product_coverage_pct: 80, complete: false },
    ]);
    await table(db, 'published_totals', [], {
      period: 'VARCHAR',
      flow: 'VARCHAR',
      product: 'VARCHAR',
      value: 'DOUBLE',
    });
    const rows = await runModel(db, 'trade', 'trade_by_product');
    expect(
      pick(rows, ['period', 'product', 'share_pct', 'growth_yoy_pct', 'degree', 'resource', 'complete']),
    ).toEqual([
      {
        period: '2021',
        product: '2709',
        share_pct: null,
        growth_yoy_pct: null,
        degree: 'raw',
        resource: true,
        complete: null,
      },
      {
        period: '2022',
        product: '2709',
        share_pct: 50,
        growth_yoy_pct: 25,
        degree: 'raw',
        resource: true,
        complete: false,
      },
      {
        period: '2022',
        product: '8471',
        share_pct: 25,
        growth_yoy_pct: null,
        degree: 'high-tech',
        resource: false,
        complete: false,
      },
      {
        period: '2022',
        product: '99',
        share_pct: 5,
        growth_yoy_pct: null,
        degree: 'unclassified',
        resource: false,
        complete: false,
      },
    ]);
  });
});
