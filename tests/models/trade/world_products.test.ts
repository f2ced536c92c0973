import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

const key = { year: 2022, period: '2022', period_type: 'year', flow: 'export' };

describe('world_products: products with all partners, as given or summed over partners by chapter', () => {
  it('partners at different depths are summed at the chapter; an unknown part makes the sum incomplete', async () => {
    await table(db, 'trade_flows', [{ ...key, partner: 'CHN', product: '_T', value: 1, status: null }], {
      value: 'DOUBLE',
      status: 'VARCHAR',
    });
    const f = (partner: string, product: string, value: number | null) => ({
      ...key,
      partner,
      product,
      value,
    });
    await table(
      db,
      'product_flows',
      [
        f('CHN', '27', 100),
        f('RUS', '2709', 30),
        f('RUS', '2710', 20),
        f('TUR', '71', 5),
        f('UZB', '71', null),
      ],
      { value: 'DOUBLE' },
    );
    const rows = await runModel(db, 'trade', 'world_products');
    expect(pick(rows, ['product', 'value', 'value_source', 'complete', 'top_level'])).toEqual([
      { product: '27', value: 150, value_source: 'sum of partners', complete: true, top_level: true },
      { product: '71', value: 5, value_source: 'sum of partners', complete: false, top_level: true },
    ]);
  });
});
