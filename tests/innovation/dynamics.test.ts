import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { latest, readParquet, runOnCsv, tidyCsv } from './helpers.ts';

/** rd_dynamics edge cases on a SYNTHETIC tidy CSV (made-up figures). */
const P = 'persons per million inhabitants';
const csv = tidyCsv([
  'rd_organisations,000000000,2010,100,count,',
  'rd_organisations,000000000,2011,80,count,',
  'rd_organisations,110000000,2010,0,count,', // base 0
  'rd_organisations,110000000,2011,5,count,',
  'rd_organisations,150000000,2011,8,count,', // no base-year figure
  'rd_organisations,710000000,2010,4,count,',
  'rd_organisations,710000000,2011,6,count,',
  'rd_organisations,750000000,2010,10,count,',
  'rd_organisations,750000000,2011,,count,x', // confidential
  `researchers_per_million,550000000,2010,200,${P},`,
  `researchers_per_million,550000000,2022,250,${P},`,
  `researchers_per_million,630000000,2010,500,${P},`, // East Kazakhstan with Abai (1997 borders)
  `researchers_per_million,630000000,2022,600,${P},`, // ... and without: the 2022 table prints Abai
  `researchers_per_million,100000000,2022,300,${P},`,
]);

type Row = [string, string, number, number, number | null, number | null, number | null, string | null];
async function dynamics(out: string): Promise<Row[]> {
  const rows = await readParquet<{
    indicator: string;
    region_kato: string;
    base_year: number;
    year: number;
    value: number | null;
    base_value: number | null;
    pct_of_base: number | null;
    reason: string | null;
  }>(latest(out, 'rd_dynamics'), 'SELECT * FROM t ORDER BY indicator, region_kato, year');
  return rows.map((r) => [
    r.indicator,
    r.region_kato,
    r.base_year,
    r.year,
    r.value,
    r.base_value,
    r.pct_of_base === null ? null : Math.round(r.pct_of_base * 1e9) / 1e9,
    r.reason,
  ]);
}

describe('rd_dynamics (synthetic)', () => {
  it('base = the first year with a value; NULL with a reason where no comparable base exists', async () => {
    const out = await tempDir();
    const run = await runOnCsv(await csv, out);
    expect(run.code, run.stderr).toBe(0);
    const borders =
      'the base-year figure is on the 1997 borders, this one on the 2022 borders, where the region covers other land';
    expect(await dynamics(out)).toEqual([
      // indicator, region, base_year, year, value, base_value, pct_of_base, reason
      ['rd_organisations', '000000000', 2010, 2010, 100, 100, 100, null],
      ['rd_organisations', '000000000', 2010, 2011, 80, 100, 80, null],
      ['rd_organisations', '110000000', 2010, 2010, 0, 0, null, 'the base-year figure is 0'],
      ['rd_organisations', '110000000', 2010, 2011, 5, 0, null, 'the base-year figure is 0'],
      ['rd_organisations', '150000000', 2010, 2011, 8, null, null, 'no figure for the base year 2010'],
      ['rd_organisations', '710000000', 2010, 2010, 4, 4, 100, null],
      ['rd_organisations', '710000000', 2010, 2011, 6, 4, 150, null],
      ['rd_organisations', '750000000', 2010, 2010, 10, 10, 100, null],
      ['rd_organisations', '750000000', 2010, 2011, null, 10, null, 'not published (status x)'],
      [
        'researchers_per_million',
        '100000000',
        2010,
        2022,
        300,
        null,
        null,
        'no figure for the base year 2010',
      ],
      ['researchers_per_million', '550000000', 2010, 2010, 200, 200, 100, null],
      ['researchers_per_million', '550000000', 2010, 2022, 250, 200, 125, null],
      ['researchers_per_million', '630000000', 2010, 2010, 500, 500, 100, null],
      ['researchers_per_million', '630000000', 2010, 2022, 600, 500, null, borders],
    ]);
  });

  it('takes the base year from the parameter base_year', async () => {
    const out = await tempDir();
    const run = await runOnCsv(await csv, out, ['base_year=2011']);
    expect(run.code, run.stderr).toBe(0);
    const rows = (await dynamics(out)).filter((r) => r[0] === 'rd_organisations');
    expect(rows.map((r) => [r[1], r[2], r[3], r[6], r[7]])).toEqual([
      ['000000000', 2011, 2010, 125, null],
      ['000000000', 2011, 2011, 100, null],
      ['110000000', 2011, 2010, 0, null],
      ['110000000', 2011, 2011, 100, null],
      ['150000000', 2011, 2011, 100, null],
      ['710000000', 2011, 2010, 66.666666667, null],
      ['710000000', 2011, 2011, 100, null],
      ['750000000', 2011, 2010, null, 'the base-year figure is not published (status x)'],
      ['750000000', 2011, 2011, null, 'the base-year figure is not published (status x)'],
    ]);
  });
});
