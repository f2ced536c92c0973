import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('trade_by_partner_product: each product with each partner, as a share of the partner', () => {
  it('share of the partner and growth; an unknown value is never complete', async () => {
    const f = (period: string, product: string, value: number | null) => ({
      year: Number(period),
      period,
      period_type: 'year',
      flow: 'export',
      partner: 'RUS',
      product,
      value,
      status: value === null ? 'x' : null,
      source: 'hand-made',
    });
    await table(
      db,
      'trade_flows',
      [
        f('2021', '1001', 40),
        f('2022', '1001', 50),
        f('2022', '2709', null),
        { ...f('2022', '_T', 200), partner: 'RUS' },
      ],
      {
        value: 'DOUBLE',
        status: 'VARCHAR',
      },
    );
    await table(db, 'period_links', [
      { period: '2021', previous_period: '2020', year_ago_period: '2020' },
      { period: '2022', previous_period: '2021', year_ago_period: '2021' },
    ]);
    await table(
      db,
      'product_coverage',
      [{ period: '2022', flow: 'export', partner: 'RUS', product_coverage_pct: 100, complete: true }],
      { product_coverage_pct: 'DOUBLE' },
    );
    await table(
      db,
      'trade_by_partner',
      [{ period: '2022', flow: 'export', partner: 'RUS', value_usd: 200 }],
      {
        value_usd: 'DOUBLE',
      },
    );
    const rows = await runModel(db, 'trade', 'trade_by_partner_product');
    expect(pick(rows, ['period', 'product', 'share_of_partner_pct', 'growth_yoy_pct', 'complete'])).toEqual([
      { period: '2021', product: '1001', share_of_partner_pct: null, growth_yoy_pct: null, complete: null },
      { period: '2022', product: '1001', share_of_partner_pct: 25, growth_yoy_pct: 25, complete: true },
      { period: '2022', product: '2709', share_of_partner_pct: null, growth_yoy_pct: null, complete: false },
    ]);
  });
});
