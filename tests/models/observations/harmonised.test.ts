import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('observations');
afterAll(() => db.close());

describe('harmonised: every figure on the 1997 borders (the default)', () => {
  it('a same territory stays, a split one is the sum of its pieces, a ratio of pieces is refused', async () => {
    const fig = (indicator: string, region_kato: string, value: number, unit: string) => ({
      indicator,
      region_kato,
      year: 2019,
      value,
      unit,
      boundary_vintage: '2018',
      source: `grp.xlsx#${region_kato}`,
    });
    await observations(db, [
      fig('grp', '110000000', 300, 'million tenge'),
      fig('grp', '610000000', 100, 'million tenge'),
      fig('grp', '790000000', 50, 'million tenge'),
      fig('grp_volume_index', '610000000', 103, 'percent, previous year = 100'),
      fig('grp_volume_index', '790000000', 105, 'percent, previous year = 100'),
    ]);
    const rows = await runModel(db, 'observations', 'harmonised');
    expect(pick(rows, ['indicator', 'region_kato', 'value', 'boundary_vintage', 'harmonised_from'])).toEqual([
      {
        indicator: 'grp',
        region_kato: '110000000',
        value: 300,
        boundary_vintage: '1997',
        harmonised_from: 'same territory on 2018 borders',
      },
      {
        indicator: 'grp',
        region_kato: '510000000',
        value: 150,
        boundary_vintage: '1997',
        harmonised_from: 'sum of 610000000=100 + 790000000=50 (2018 borders)',
      },
    ]);
    expect(await db.all('SELECT indicator, region_kato, reason FROM harmonise_refused')).toEqual([
      {
        indicator: 'grp_volume_index',
        region_kato: '510000000',
        reason: 'a ratio: the figure of a merged territory is not the sum of its parts',
      },
    ]);
  });
});
