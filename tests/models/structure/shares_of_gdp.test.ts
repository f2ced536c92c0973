import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('shares_of_gdp: GRP_r / sum of the regions * 100, and / the Republic GDP * 100', () => {
  it('ranks by GRP; a region without a figure makes every share of its year unknown', async () => {
    const grp = (region_kato: string, year: number, value: number | null) => ({
      region_kato,
      year,
      boundary_vintage: '2022',
      grp: value,
      older_borders: false,
    });
    await table(
      db,
      'grp_per_capita',
      [
        grp('000000000', 2022, 500),
        grp('110000000', 2022, 300),
        grp('710000000', 2022, 100),
        grp('110000000', 2021, 250),
        grp('710000000', 2021, null),
      ],
      { grp: 'DOUBLE' },
    );
    const rows = await runModel(db, 'structure', 'shares_of_gdp');
    expect(pick(rows, ['region_kato', 'year', 'share_pct', 'share_of_republic_pct', 'rank'])).toEqual([
      { region_kato: '110000000', year: 2021, share_pct: null, share_of_republic_pct: null, rank: 1 },
      { region_kato: '110000000', year: 2022, share_pct: 75, share_of_republic_pct: 60, rank: 1 },
      { region_kato: '710000000', year: 2021, share_pct: null, share_of_republic_pct: null, rank: 2 },
      { region_kato: '710000000', year: 2022, share_pct: 25, share_of_republic_pct: 20, rank: 2 },
    ]);
  });
});
