import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('product_flows: product rows that add up without counting goods twice', () => {
  it('a heading beside its chapter, or inside a product group beside it, is left out', async () => {
    const flow = (partner: string, product: string, period_type = 'year') => ({
      year: 2022,
      period: period_type === 'year' ? '2022' : '2022-M01',
      period_type,
      period_start: '2022-01-01',
      period_end: period_type === 'year' ? '2022-12-31' : '2022-01-31',
      flow: 'export',
      partner,
      product,
      value: 1,
      status: null,
      source: 'hand-made',
      note: null,
    });
    await table(
      db,
      'trade_flows',
      [
        flow('CHN', '27'),
        flow('CHN', '2709'),
        flow('CHN', '2710'),
        flow('CHN', '84-85'),
        flow('CHN', '8471'),
        flow('CHN', '7108'),
        flow('_T', '2709', 'month'),
      ],
      { period_start: 'DATE', period_end: 'DATE', value: 'DOUBLE', status: 'VARCHAR', note: 'VARCHAR' },
    );
    const rows = await runModel(db, 'trade', 'product_flows');
    expect(rows.map((r) => r.product)).toEqual(['27', '7108', '84-85']);
  });
});
