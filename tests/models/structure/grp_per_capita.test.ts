import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('grp_per_capita: the figures on their own borders, ranked on the newest', () => {
  it('rank among the regions of the newest borders; older borders and the Republic unranked; against the published figure', async () => {
    const pc = (region_kato: string, vintage: string, grp_per_capita: number | null) => ({
      region_kato,
      year: 2020,
      vintage,
      grp: 1,
      grp_status: null,
      population: 1,
      population_method: 'annual average',
      grp_per_capita,
      native: true,
    });
    await table(
      db,
      'per_capita_on_vintage',
      [
        pc('000000000', '2022', 2500),
        pc('110000000', '2022', 2000),
        pc('710000000', '2022', 3000),
        pc('150000000', '2022', null),
        pc('630000000', '2018', 4000),
      ],
      { grp_status: 'VARCHAR', grp_per_capita: 'DOUBLE', grp: 'DOUBLE', population: 'DOUBLE' },
    );
    await observations(db, [
      {
        indicator: 'grp_per_capita',
        region_kato: '710000000',
        year: 2020,
        value: 3030,
        unit: 'thousand tenge',
      },
    ]);
    const rows = rounded(await runModel(db, 'structure', 'grp_per_capita'));
    expect(pick(rows, ['region_kato', 'rank', 'ranked_regions', 'older_borders', 'difference_pct'])).toEqual([
      { region_kato: '000000000', rank: null, ranked_regions: 2, older_borders: false, difference_pct: null },
      { region_kato: '110000000', rank: 2, ranked_regions: 2, older_borders: false, difference_pct: null },
      { region_kato: '150000000', rank: null, ranked_regions: 2, older_borders: false, difference_pct: null },
      { region_kato: '630000000', rank: null, ranked_regions: 2, older_borders: true, difference_pct: null },
      {
        region_kato: '710000000',
        rank: 1,
        ranked_regions: 2,
        older_borders: false,
        difference_pct: -0.990099,
      },
    ]);
  });
});
