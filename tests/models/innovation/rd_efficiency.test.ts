import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('rd_efficiency = share of innovative products / share of R&D expenditure', () => {
  it('shares of the Republic row; an R&D expenditure of 0 gives NULL with a reason', async () => {
    const money = (indicator: string, region_kato: string, value: number) => ({
      indicator,
      region_kato,
      year: 2020,
      value,
      unit: 'million tenge',
    });
    await observations(db, [
      money('innovative_products', '000000000', 1000),
      money('rd_expenditure', '000000000', 100),
      money('innovative_products', '110000000', 100),
      money('rd_expenditure', '110000000', 20),
      money('innovative_products', '150000000', 50),
      money('rd_expenditure', '150000000', 0),
    ]);
    const rows = await runModel(db, 'innovation', 'rd_efficiency');
    expect(
      pick(rows, [
        'region_kato',
        'share_innovative_products',
        'share_rd_expenditure',
        'efficiency',
        'innovative_products_total_derived',
        'reason',
      ]),
    ).toEqual([
      {
        region_kato: '110000000',
        share_innovative_products: 10,
        share_rd_expenditure: 20,
        efficiency: 0.5,
        innovative_products_total_derived: false,
        reason: null,
      },
      {
        region_kato: '150000000',
        share_innovative_products: 5,
        share_rd_expenditure: 0,
        efficiency: null,
        innovative_products_total_derived: false,
        reason: 'no R&D expenditure: the ratio is undefined',
      },
    ]);
  });
});
