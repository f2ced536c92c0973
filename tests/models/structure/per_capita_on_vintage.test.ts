import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('per_capita_on_vintage = GRP * 1000 / population on the same borders', () => {
  it('the annual average first, else the mean of two 1 January figures, else NULL', async () => {
    const v = (indicator: string, region_kato: string, year: number, value: number, derived = false) => ({
      indicator,
      region_kato,
      year,
      vintage: '2022',
      value,
      status: null,
      native: true,
      derived,
    });
    await table(
      db,
      'on_vintage',
      [
        v('grp', '110000000', 2020, 600),
        v('population_avg', '110000000', 2020, 200),
        v('grp', '710000000', 2020, 900),
        v('population', '710000000', 2020, 280, true),
        v('population', '710000000', 2021, 320),
        v('grp', '150000000', 2020, 500),
      ],
      { value: 'DOUBLE', status: 'VARCHAR' },
    );
    const rows = await runModel(db, 'structure', 'per_capita_on_vintage');
    expect(pick(rows, ['region_kato', 'population', 'population_method', 'grp_per_capita'])).toEqual([
      {
        region_kato: '110000000',
        population: 200,
        population_method: 'annual average',
        grp_per_capita: 3000,
      },
      { region_kato: '150000000', population: null, population_method: null, grp_per_capita: null },
      {
        region_kato: '710000000',
        population: 300,
        population_method: 'mean of 1 January 2020 and 2021, sums of the parts on newer borders',
        grp_per_capita: 3000,
      },
    ]);
  });
});
