import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('rating_inputs: min-max normalisation across the regions of a year', () => {
  it('(x - min) / (max - min) * 100; all equal gives 50; unpublished and the Republic take no part', async () => {
    await observations(db, [
      { indicator: 'rd_organisations', region_kato: '110000000', year: 2012, value: 10 },
      { indicator: 'rd_organisations', region_kato: '150000000', year: 2012, value: 20 },
      { indicator: 'rd_organisations', region_kato: '710000000', year: 2012, value: 30 },
      { indicator: 'rd_organisations', region_kato: '630000000', year: 2012, value: null, status: 'x' },
      { indicator: 'rd_organisations', region_kato: '000000000', year: 2012, value: 400 },
      { indicator: 'researchers_per_million', region_kato: '110000000', year: 2012, value: 5 },
      { indicator: 'researchers_per_million', region_kato: '150000000', year: 2012, value: 5 },
    ]);
    // no computed share of GRP: the figures are the observations alone
    await contractTable(db, 'innovation', 'grp_shares', []);
    await runModel(db, 'innovation', 'rating_indicators');
    // the figures and their treatment (none by default) come first
    await runModel(db, 'innovation', 'rating_figures');
    await runModel(db, 'innovation', 'rating_treatment');
    const rows = await runModel(db, 'innovation', 'rating_inputs');
    const row = (
      indicator: string,
      region_kato: string,
      normalised: number | null,
      reason: string | null = null,
    ) => ({
      indicator,
      region_kato,
      used: normalised !== null,
      normalised,
      reason,
    });
    // in the table's order: region, year, indicator
    expect(pick(rows, ['indicator', 'region_kato', 'used', 'normalised', 'reason'])).toEqual([
      row('rd_organisations', '110000000', 0),
      row('researchers_per_million', '110000000', 50),
      row('rd_organisations', '150000000', 50),
      row('researchers_per_million', '150000000', 50),
      row('rd_organisations', '630000000', null, 'not published (status x)'),
      row('rd_organisations', '710000000', 100),
    ]);
  });
});
