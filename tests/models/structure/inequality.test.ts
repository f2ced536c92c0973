import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('inequality of GRP per capita across regions', () => {
  it('CV, Theil T and L, Gini, Williamson, sigma on two regions; a single region gives none', async () => {
    const region = (region_kato: string, year: number, grp: number, population: number) => ({
      region_kato,
      year,
      boundary_vintage: '2022',
      grp,
      population,
      grp_per_capita: (grp * 1000) / population,
      rank: 1,
    });
    await table(
      db,
      'grp_per_capita',
      [
        region('110000000', 2020, 100, 1000),
        region('710000000', 2020, 600, 2000),
        region('110000000', 2021, 100, 1000),
      ],
      { grp: 'DOUBLE', population: 'DOUBLE', grp_per_capita: 'DOUBLE' },
    );
    const rows = rounded(await runModel(db, 'structure', 'inequality'));
    // y = 100 and 300, mean 200; national 700 * 1000 / 3000 = 233.33, population weights 1/3 and 2/3
    expect(pick(rows, ['year', 'regions', 'cv', 'theil', 'mld', 'gini', 'williamson', 'sigma'])).toEqual([
      {
        year: 2020,
        regions: 2,
        cv: Math.round(Math.SQRT1_2 * 1e6) / 1e6, // sqrt(100² + 100²) / 200
        theil: 0.130812, // (0.5 ln 0.5 + 1.5 ln 1.5) / 2
        mld: 0.143841, // (ln 2 + ln 2/3) / 2
        gini: 0.25, // (200 + 200) / (2 * 2² * 200)
        williamson: 0.404061, // sqrt(1/3 * 133.33² + 2/3 * 66.67²) / 233.33
        sigma: 0.549306, // ln 3 / 2
      },
      { year: 2021, regions: 1, cv: null, theil: null, mld: null, gini: null, williamson: null, sigma: null },
    ]);
  });
});
