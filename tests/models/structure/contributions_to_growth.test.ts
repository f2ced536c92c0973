import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('contributions_to_growth, percentage points of the sum of regions of the year before', () => {
  it('nominal (GRP_t - GRP_t-1) / sum GRP_t-1 * 100, real with the volume index; a missing index leaves the total real NULL', async () => {
    await table(
      db,
      'grp_per_capita',
      [
        { region_kato: '110000000', year: 2021, boundary_vintage: '2022', grp: 100 },
        { region_kato: '710000000', year: 2021, boundary_vintage: '2022', grp: 300 },
      ],
      { grp: 'DOUBLE' },
    );
    const v = (indicator: string, region_kato: string, year: number, value: number) => ({
      indicator,
      region_kato,
      year,
      vintage: '2022',
      value,
    });
    await table(
      db,
      'on_vintage',
      [
        v('grp', '110000000', 2021, 100),
        v('grp', '110000000', 2022, 110),
        v('grp_volume_index', '110000000', 2022, 105),
        v('grp', '710000000', 2021, 300),
        v('grp', '710000000', 2022, 330),
      ],
      { value: 'DOUBLE' },
    );
    await observations(db, [
      { indicator: 'grp_volume_index', region_kato: '000000000', year: 2022, value: 104, unit: 'percent' },
    ]);
    const rows = rounded(await runModel(db, 'structure', 'contributions_to_growth'));
    expect(
      pick(rows, [
        'region_kato',
        'year',
        'nominal_growth_pct',
        'contribution_nominal_pp',
        'volume_index',
        'contribution_real_pp',
      ]),
    ).toEqual([
      {
        region_kato: '000000000',
        year: 2022,
        nominal_growth_pct: 10,
        contribution_nominal_pp: 10,
        volume_index: 104,
        contribution_real_pp: null,
      },
      {
        region_kato: '110000000',
        year: 2022,
        nominal_growth_pct: 10,
        contribution_nominal_pp: 2.5,
        volume_index: 105,
        contribution_real_pp: 1.25,
      },
      {
        region_kato: '710000000',
        year: 2022,
        nominal_growth_pct: 10,
        contribution_nominal_pp: 7.5,
        volume_index: null,
        contribution_real_pp: null,
      },
    ]);
  });
});
