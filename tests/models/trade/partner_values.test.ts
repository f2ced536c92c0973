import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

const key = { year: 2022, period: '2022', period_type: 'year', flow: 'export' };

describe('partner_values: the published partner figure, else the sum of its products', () => {
  it('a sum with an unknown product is incomplete; a partner published directly is not summed again', async () => {
    await table(
      db,
      'trade_flows',
      [{ ...key, partner: 'CHN', product: '_T', value: 100, status: null, note: null, source: 'bns.csv' }],
      { status: 'VARCHAR', note: 'VARCHAR', value: 'DOUBLE' },
    );
    const product = (partner: string, code: string, value: number | null) => ({
      ...key,
      partner,
      product: code,
      value,
      source: `wits.csv ${partner} ${code}`,
    });
    await table(
      db,
      'product_flows',
      [
        product('CHN', '2709', 90),
        product('TUR', '2709', 30),
        product('TUR', '7108', 20),
        product('UZB', '1001', 10),
        product('UZB', '1002', null),
      ],
      { value: 'DOUBLE' },
    );
    const rows = await runModel(db, 'trade', 'partner_values');
    expect(pick(rows, ['partner', 'value', 'status', 'value_source', 'complete', 'source'])).toEqual([
      {
        partner: 'CHN',
        value: 100,
        status: null,
        value_source: 'published',
        complete: true,
        source: 'bns.csv',
      },
      {
        partner: 'TUR',
        value: 50,
        status: null,
        value_source: 'sum of products',
        complete: true,
        source: 'wits.csv TUR 2709 and 1 more rows',
      },
      {
        partner: 'UZB',
        value: 10,
        status: null,
        value_source: 'sum of products',
        complete: false,
        source: 'wits.csv UZB 1001 and 1 more rows',
      },
    ]);
  });
});
