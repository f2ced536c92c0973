import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('rd_dynamics: pct_of_base = x_t / x_base * 100', () => {
  it('against the first year with a value; a base of 0 gives NULL with a reason', async () => {
    await observations(db, [
      { indicator: 'rd_organisations', region_kato: '000000000', year: 2009, value: 416 },
      { indicator: 'rd_organisations', region_kato: '000000000', year: 2013, value: 341 },
      { indicator: 'rd_organisations', region_kato: '110000000', year: 2009, value: 7 },
      { indicator: 'rd_organisations', region_kato: '110000000', year: 2013, value: 12 },
      { indicator: 'rd_organisations', region_kato: '150000000', year: 2009, value: 0 },
      { indicator: 'rd_organisations', region_kato: '150000000', year: 2013, value: 5 },
    ]);
    const rows = await runModel(db, 'innovation', 'rd_dynamics');
    expect(
      pick(rows, ['region_kato', 'base_year', 'year', 'pct_of_base', 'reason']).map((r) => ({
        ...r,
        pct_of_base: r.pct_of_base === null ? null : Math.round((r.pct_of_base as number) * 100) / 100,
      })),
    ).toEqual([
      { region_kato: '000000000', base_year: 2009, year: 2009, pct_of_base: 100, reason: null },
      { region_kato: '000000000', base_year: 2009, year: 2013, pct_of_base: 81.97, reason: null },
      { region_kato: '110000000', base_year: 2009, year: 2009, pct_of_base: 100, reason: null },
      { region_kato: '110000000', base_year: 2009, year: 2013, pct_of_base: 171.43, reason: null },
      {
        region_kato: '150000000',
        base_year: 2009,
        year: 2009,
        pct_of_base: null,
        reason: 'the base-year figure is 0',
      },
      {
        region_kato: '150000000',
        base_year: 2009,
        year: 2013,
        pct_of_base: null,
        reason: 'the base-year figure is 0',
      },
    ]);
  });

  it('a figure on borders covering other land than the base-year figure is not compared', async () => {
    await observations(db, [
      {
        indicator: 'rd_organisations',
        region_kato: '630000000',
        year: 2010,
        value: 20,
        boundary_vintage: '1997',
      },
      {
        indicator: 'rd_organisations',
        region_kato: '630000000',
        year: 2023,
        value: 15,
        boundary_vintage: '2022',
      },
    ]);
    const [, later] = await runModel(db, 'innovation', 'rd_dynamics');
    expect(pick([later!], ['year', 'pct_of_base', 'reason'])).toEqual([
      {
        year: 2023,
        pct_of_base: null,
        reason:
          'the base-year figure is on the 1997 borders, this one on the 2022 borders, where the region covers other land',
      },
    ]);
  });
});
