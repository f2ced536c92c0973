import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('on_vintage: figures re-expressed on older borders as the sum of their pieces', () => {
  it('South Kazakhstan 1997 = Turkestan + Shymkent for GRP; never for a ratio, never with a piece missing', async () => {
    const fig = (indicator: string, region_kato: string, year: number, value: number | null) => ({
      indicator,
      region_kato,
      year,
      value,
      status: value === null ? 'x' : null,
      boundary_vintage: '2018',
    });
    await observations(db, [
      fig('grp', '610000000', 2019, 100),
      fig('grp', '790000000', 2019, 50),
      fig('grp_volume_index', '610000000', 2019, 103),
      fig('grp_volume_index', '790000000', 2019, 105),
      fig('grp', '610000000', 2020, 110),
      fig('grp', '790000000', 2020, null),
    ]);
    const rows = await runModel(db, 'structure', 'on_vintage');
    expect(
      pick(
        rows.filter((r) => r.region_kato === '510000000'),
        ['indicator', 'year', 'vintage', 'value', 'native', 'derived'],
      ),
    ).toEqual([{ indicator: 'grp', year: 2019, vintage: '1997', value: 150, native: false, derived: true }]);
    // a territory that did not change is the same figure on the older borders
    expect(
      pick(
        rows.filter((r) => r.region_kato === '790000000' && r.indicator === 'grp' && r.year === 2019),
        ['vintage', 'value', 'native'],
      ),
    ).toEqual([{ vintage: '2018', value: 50, native: true }]);
  });
});
