import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * The structure indices on small hand-computed cases, through the tidy CSV
 * path a user takes (`kzstat run structure --raw <empty> --input file.csv`).
 *
 * SYNTHETIC DATA: every figure below is made up for the arithmetic, on real
 * region codes; none is a statistic. Each scenario uses its own years so the
 * cases do not touch each other. Expected rows sit beside the input, with the
 * arithmetic in comments.
 */
const header = 'indicator,region,period,value,unit,status,industry';
const row = (
  indicator: string,
  region: string,
  period: number,
  value: string | number,
  unit: string,
  industry = '',
) => `${indicator},${region},${period},${value},${unit.includes(',') ? `"${unit}"` : unit},,${industry}`;
const gva = (region: string, year: number, industry: string, value: number) =>
  row('gva', region, year, value, 'million tenge', industry);
const grp = (region: string, year: number, value: number) => row('grp', region, year, value, 'million tenge');
const popAvg = (region: string, year: number, value: number) =>
  row('population_avg', region, year, value, 'persons');

const KZ = '000000000';
const AKMOLA = '110000000';
const AKTOBE = '150000000';
const ALMATY_REGION = '190000000';
const ZHETISU = '330000000';
const KOSTANAY = '390000000';
const SOUTH_KAZ = '510000000';
const TURKESTAN = '610000000';
const ASTANA = '710000000';
const ALMATY_CITY = '750000000';
const SHYMKENT = '790000000';

// Location quotients, 2020 (and 2018-2019 for the trend). Republic sections:
// A 40, B 40, C 20, D 0 (total 100; shares 40 / 40 / 20 / 0 %).
const lqCase = [
  ...[2018, 2019, 2020].flatMap((y) => [
    gva(KZ, y, 'A', 40),
    gva(KZ, y, 'B', 40),
    gva(KZ, y, 'C', 20),
    gva(KZ, y, 'D', 0),
  ]),
  // Akmola: C grows 5 -> 7.5 -> 10 against A 10, B 0, D 0 (a zero share and a 0/0 LQ in D).
  ...[
    [2018, 5],
    [2019, 7.5],
    [2020, 10],
  ].flatMap(([y, c]) => [
    gva(AKMOLA, y!, 'A', 10),
    gva(AKMOLA, y!, 'B', 0),
    gva(AKMOLA, y!, 'C', c!),
    gva(AKMOLA, y!, 'D', 0),
  ]),
  // A placeholder: the Republic publishes no section E, so Akmola's E = 0 is an empty cell, not a figure.
  gva(AKMOLA, 2020, 'E', 0),
  // Aktobe reports one section only (A, C, D missing).
  gva(AKTOBE, 2020, 'B', 30),
  // Almaty Region: every section 0 (a total of 0).
  gva(ALMATY_REGION, 2020, 'A', 0),
  gva(ALMATY_REGION, 2020, 'B', 0),
  gva(ALMATY_REGION, 2020, 'C', 0),
  // Kostanay by OKED division: 01 = 30, 02 = 10 (section A), 10 = 60, 11 = 0 (section C).
  gva(KOSTANAY, 2020, '01', 30),
  gva(KOSTANAY, 2020, '02', 10),
  gva(KOSTANAY, 2020, '10', 60),
  gva(KOSTANAY, 2020, '11', 0),
];

// GRP per capita on borders, 2015-2016: the 2016 table prints South Kazakhstan
// beside Turkestan and Shymkent (boundary vintage 1997 beside 2018); the
// average population is given on 2018 borders only, so South Kazakhstan's is
// the sum of its parts. 2015 has only 1 January populations.
const perCapitaCase = [
  grp(KZ, 2016, 1000),
  grp(AKMOLA, 2016, 300),
  grp(AKTOBE, 2016, 200),
  grp(SOUTH_KAZ, 2016, 500),
  grp(TURKESTAN, 2016, 300),
  grp(SHYMKENT, 2016, 200),
  popAvg(KZ, 2016, 100),
  popAvg(AKMOLA, 2016, 30),
  popAvg(AKTOBE, 2016, 20),
  popAvg(TURKESTAN, 2016, 40),
  popAvg(SHYMKENT, 2016, 10),
  // the per-capita figures "as published", to compare with (1 % tolerance)
  row('grp_per_capita', AKMOLA, 2016, 10050, 'thousand tenge'),
  row('grp_per_capita', AKTOBE, 2016, 10500, 'thousand tenge'),
  grp(AKMOLA, 2015, 270),
  row('population', AKMOLA, 2015, 28, 'persons'),
  row('population', AKMOLA, 2016, 32, 'persons'),
];

// Contributions to growth, 2021 -> 2022: Almaty Region loses Zhetisu in 2022,
// so 2022 is summed back to the 2021 borders (150 + 70 = 220) and its volume
// index (on the new borders) cannot be used.
const growthCase = [
  grp(KZ, 2021, 1200),
  grp(AKMOLA, 2021, 100),
  grp(AKTOBE, 2021, 300),
  grp(ALMATY_CITY, 2021, 600),
  grp(ALMATY_REGION, 2021, 200),
  grp(KZ, 2022, 1380),
  grp(AKMOLA, 2022, 110),
  grp(AKTOBE, 2022, 330),
  grp(ALMATY_CITY, 2022, 720),
  grp(ALMATY_REGION, 2022, 150),
  grp(ZHETISU, 2022, 70),
  ...[
    [KZ, 103],
    [AKMOLA, 102],
    [AKTOBE, 101],
    [ALMATY_CITY, 105],
    [ALMATY_REGION, 104],
  ].map(([r, v]) => row('grp_volume_index', r as string, 2022, v!, 'percent, previous year = 100')),
];

// Inequality and beta-convergence, 2011 -> 2013: population 10 everywhere,
// GRP per capita 100, 200, 400, 800 in 2011 and 144, 242, 441, 800 in 2013.
const convergenceCase = (
  [
    [AKMOLA, 1, 1.44],
    [AKTOBE, 2, 2.42],
    [ASTANA, 4, 4.41],
    [ALMATY_CITY, 8, 8],
  ] as const
).flatMap(([r, g0, g1]) => [grp(r, 2011, g0), grp(r, 2013, g1), popAvg(r, 2011, 10), popAvg(r, 2013, 10)]);

// Enterprise demography, 2021-2022.
const org = (kind: string, region: string, year: number, value: number, industry = '') =>
  row(`organisations_${kind}`, region, year, value, 'count', industry);
const demographyCase = [
  org('registered', AKMOLA, 2021, 100),
  org('registered', AKMOLA, 2022, 108),
  org('opened', AKMOLA, 2022, 20),
  org('liquidated', AKMOLA, 2022, 12),
  org('opened', AKTOBE, 2022, 5),
  org('liquidated', AKTOBE, 2022, 0),
  org('opened', AKMOLA, 2022, 3, 'B'),
  org('liquidated', AKMOLA, 2022, 0, 'B'),
];

describe('structure indices on hand-computed cases (synthetic, tidy CSV input)', () => {
  let out: string;
  let table: (name: string) => string;
  let summary: ReturnType<typeof runSummary.parse>;

  beforeAll(async () => {
    const dir = await tempDir('kzstat-structure-');
    const csv = path.join(dir, 'synthetic.csv');
    await writeFile(
      csv,
      [header, ...lqCase, ...perCapitaCase, ...growthCase, ...convergenceCase, ...demographyCase].join('\n'),
    );
    const empty = path.join(dir, 'raw');
    out = path.join(dir, 'out');
    const r = await runCli([
      'run',
      'structure',
      '--raw',
      empty,
      '--input',
      csv,
      '--out',
      out,
      '--param',
      'beta_from=2011',
      '--param',
      'beta_to=2013',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    summary = runSummary.parse(JSON.parse(r.stdout));
    table = (name: string) =>
      `read_parquet(${lit(path.join(out, 'structure', 'latest', `${name}.parquet`))})`;
  });

  it('location quotients: shares over the sections both sides report, zero shares, 0/0 -> NULL, missing is not zero', async () => {
    const rows = await query(
      `SELECT region_kato, industry, gva, round(share_region, 6) AS share_region, round(share_country, 6) AS share_country,
              round(lq, 6) AS lq, round(share_of_national, 6) AS share_of_national, reported, used
       FROM ${table('location_quotients')} WHERE year = 2020 ORDER BY region_kato, industry`,
    );
    expect(rows).toEqual([
      // Akmola: A 10, B 0, C 10, D 0 of 20 -> 50 / 0 / 50 / 0 %; LQ 50/40, 0/40, 50/20, 0/0
      {
        region_kato: AKMOLA,
        industry: 'A',
        gva: 10,
        share_region: 50,
        share_country: 40,
        lq: 1.25,
        share_of_national: 25,
        reported: true,
        used: true,
      },
      {
        region_kato: AKMOLA,
        industry: 'B',
        gva: 0,
        share_region: 0,
        share_country: 40,
        lq: 0,
        share_of_national: 0,
        reported: true,
        used: true,
      },
      {
        region_kato: AKMOLA,
        industry: 'C',
        gva: 10,
        share_region: 50,
        share_country: 20,
        lq: 2.5,
        share_of_national: 50,
        reported: true,
        used: true,
      },
      {
        region_kato: AKMOLA,
        industry: 'D',
        gva: 0,
        share_region: 0,
        share_country: 0,
        lq: null,
        share_of_national: null,
        reported: true,
        used: true,
      },
      // Aktobe: B only, so both bases are B alone (100 % each, LQ 1); A, C, D not reported -> left out, NULL, not 0
      {
        region_kato: AKTOBE,
        industry: 'A',
        gva: null,
        share_region: null,
        share_country: null,
        lq: null,
        share_of_national: null,
        reported: false,
        used: false,
      },
      {
        region_kato: AKTOBE,
        industry: 'B',
        gva: 30,
        share_region: 100,
        share_country: 100,
        lq: 1,
        share_of_national: 75,
        reported: true,
        used: true,
      },
      {
        region_kato: AKTOBE,
        industry: 'C',
        gva: null,
        share_region: null,
        share_country: null,
        lq: null,
        share_of_national: null,
        reported: false,
        used: false,
      },
      {
        region_kato: AKTOBE,
        industry: 'D',
        gva: null,
        share_region: null,
        share_country: null,
        lq: null,
        share_of_national: null,
        reported: false,
        used: false,
      },
      // Almaty Region: a total of 0 over A, B, C -> its shares and LQs NULL; the Republic's over A, B, C; D left out
      {
        region_kato: ALMATY_REGION,
        industry: 'A',
        gva: 0,
        share_region: null,
        share_country: 40,
        lq: null,
        share_of_national: 0,
        reported: true,
        used: true,
      },
      {
        region_kato: ALMATY_REGION,
        industry: 'B',
        gva: 0,
        share_region: null,
        share_country: 40,
        lq: null,
        share_of_national: 0,
        reported: true,
        used: true,
      },
      {
        region_kato: ALMATY_REGION,
        industry: 'C',
        gva: 0,
        share_region: null,
        share_country: 20,
        lq: null,
        share_of_national: 0,
        reported: true,
        used: true,
      },
      {
        region_kato: ALMATY_REGION,
        industry: 'D',
        gva: null,
        share_region: null,
        share_country: null,
        lq: null,
        share_of_national: null,
        reported: false,
        used: false,
      },
    ]);
  });

  it('specialisation: LQ variance, HHI, Krugman, Hachman, entropy (0 log 0 = 0) over the sections used', async () => {
    const rows = await query(
      `SELECT region_kato, industries, industries_excluded, excluded_industries, round(lq_variance, 6) AS lq_variance,
              round(hhi, 6) AS hhi, round(krugman, 6) AS krugman, round(hachman, 6) AS hachman, round(entropy, 6) AS entropy
       FROM ${table('specialisation')} WHERE year = 2020 ORDER BY region_kato`,
    );
    expect(rows).toEqual([
      // LQs 1.25, 0, 2.5 (D is 0/0): mean 1.25, var_pop (0 + 1.5625 + 1.5625) / 3; HHI .5² + .5²;
      // Krugman |.5-.4| + |0-.4| + |.5-.2| + |0-0| = .8; Hachman 1 / (1.25·.5 + 2.5·.5); entropy 2 · .5 · 1 bit
      {
        region_kato: AKMOLA,
        industries: 4,
        industries_excluded: 0,
        excluded_industries: null,
        lq_variance: 1.041667,
        hhi: 0.5,
        krugman: 0.8,
        hachman: 0.533333,
        entropy: 1,
      },
      // one section on both sides: the region's structure is the nation's on that base (Krugman 0, Hachman 1);
      // variance over one LQ says nothing (NULL); HHI 1, entropy 0
      {
        region_kato: AKTOBE,
        industries: 1,
        industries_excluded: 3,
        excluded_industries: 'A (region: no figure), C (region: no figure), D (region: no figure)',
        lq_variance: null,
        hhi: 1,
        krugman: 0,
        hachman: 1,
        entropy: 0,
      },
      // a total of 0: nothing to measure
      {
        region_kato: ALMATY_REGION,
        industries: 3,
        industries_excluded: 1,
        excluded_industries: 'D (region: no figure)',
        lq_variance: null,
        hhi: null,
        krugman: null,
        hachman: null,
        entropy: null,
      },
    ]);
  });

  it('a placeholder zero (a section the Republic does not publish) is read as missing and reported', async () => {
    const e = await query(`SELECT * FROM ${table('location_quotients')} WHERE industry = 'E'`);
    expect(e).toEqual([]);
    expect(summary.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/1 zero of 110000000 in 2020 \(section E\) is a placeholder/),
    );
  });

  it('cluster candidates: LQ >= 1.25 and >= 5 % of the national section, with the LQ trend over 3+ years', async () => {
    const rows = await query(
      `SELECT region_kato, year, industry, round(lq, 6) AS lq, round(share_of_national, 6) AS share_of_national,
              round(lq_trend, 6) AS lq_trend, trend_points, round(lq_change, 6) AS lq_change
       FROM ${table('cluster_candidates')} ORDER BY year, region_kato, industry`,
    );
    expect(rows).toEqual([
      // 2018: Akmola A 10/15 = .667 / .4 = 1.6667 (25 %); C 5/15 = .333 / .2 = 1.6667 (25 %)
      {
        region_kato: AKMOLA,
        year: 2018,
        industry: 'A',
        lq: 1.666667,
        share_of_national: 25,
        lq_trend: null,
        trend_points: 1,
        lq_change: null,
      },
      {
        region_kato: AKMOLA,
        year: 2018,
        industry: 'C',
        lq: 1.666667,
        share_of_national: 25,
        lq_trend: null,
        trend_points: 1,
        lq_change: null,
      },
      // 2019: A 10/17.5 / .4 = 1.428571; C 7.5/17.5 / .2 = 2.142857 (37.5 % of 20)
      {
        region_kato: AKMOLA,
        year: 2019,
        industry: 'A',
        lq: 1.428571,
        share_of_national: 25,
        lq_trend: null,
        trend_points: 2,
        lq_change: -0.238095,
      },
      {
        region_kato: AKMOLA,
        year: 2019,
        industry: 'C',
        lq: 2.142857,
        share_of_national: 37.5,
        lq_trend: null,
        trend_points: 2,
        lq_change: 0.47619,
      },
      // 2020: A 1.25 (slope of 1.6667, 1.4286, 1.25 = (1.25 - 1.6667) / 2); C 2.5, slope (2.5 - 1.6667) / 2
      {
        region_kato: AKMOLA,
        year: 2020,
        industry: 'A',
        lq: 1.25,
        share_of_national: 25,
        lq_trend: -0.208333,
        trend_points: 3,
        lq_change: -0.178571,
      },
      {
        region_kato: AKMOLA,
        year: 2020,
        industry: 'C',
        lq: 2.5,
        share_of_national: 50,
        lq_trend: 0.416667,
        trend_points: 3,
        lq_change: 0.357143,
      },
      // Aktobe B: 75 % of the national section, but on a base of B alone its LQ is 1: no candidate
    ]);
  });

  it('related and unrelated variety decompose the entropy over divisions (Frenken et al. 2007)', async () => {
    const rows = await query(
      `SELECT region_kato, divisions, sections, round(unrelated_variety, 6) AS uv, round(related_variety, 6) AS rv,
              round(entropy_divisions, 6) AS entropy, round(unrelated_variety + related_variety - entropy_divisions, 12) AS identity
       FROM ${table('variety')}`,
    );
    // p = .3, .1 (A), .6, 0 (C): P_A = .4, P_C = .6; UV = -(.4 log2 .4 + .6 log2 .6);
    // H_A = -(.75 log2 .75 + .25 log2 .25) = .811278, H_C = 0 (0 log 0 = 0); RV = .4 · H_A
    expect(rows).toEqual([
      {
        region_kato: KOSTANAY,
        divisions: 4,
        sections: 2,
        uv: 0.970951,
        rv: 0.324511,
        entropy: 1.295462,
        identity: 0,
      },
    ]);
  });

  it('GRP per capita: average population on the same borders, a parent on older borders never ranked', async () => {
    const rows = await query(
      `SELECT region_kato, boundary_vintage, population, population_method, round(grp_per_capita, 6) AS gpc, rank, older_borders
       FROM ${table('grp_per_capita')} WHERE year = 2016 ORDER BY region_kato`,
    );
    expect(rows).toEqual([
      // GRP (million tenge) · 1000 / persons = thousand tenge
      {
        region_kato: KZ,
        boundary_vintage: '2018',
        population: 100,
        population_method: 'annual average',
        gpc: 10000,
        rank: null,
        older_borders: false,
      },
      {
        region_kato: AKMOLA,
        boundary_vintage: '2018',
        population: 30,
        population_method: 'annual average',
        gpc: 10000,
        rank: 2,
        older_borders: false,
      },
      {
        region_kato: AKTOBE,
        boundary_vintage: '2018',
        population: 20,
        population_method: 'annual average',
        gpc: 10000,
        rank: 2,
        older_borders: false,
      },
      // South Kazakhstan on 1997 borders: population = Turkestan + Shymkent = 50; 500 · 1000 / 50
      {
        region_kato: SOUTH_KAZ,
        boundary_vintage: '1997',
        population: 50,
        population_method: 'annual average, sum of the parts on newer borders',
        gpc: 10000,
        rank: null,
        older_borders: true,
      },
      {
        region_kato: TURKESTAN,
        boundary_vintage: '2018',
        population: 40,
        population_method: 'annual average',
        gpc: 7500,
        rank: 4,
        older_borders: false,
      },
      {
        region_kato: SHYMKENT,
        boundary_vintage: '2018',
        population: 10,
        population_method: 'annual average',
        gpc: 20000,
        rank: 1,
        older_borders: false,
      },
    ]);
    // Beside the published figure: 10000 / 10050 - 1 = -0.4975 % (quiet); 10000 / 10500 - 1 = -4.76 % (a warning)
    expect(
      await query(
        `SELECT region_kato, published_grp_per_capita AS published, round(difference_pct, 4) AS diff
         FROM ${table('grp_per_capita')} WHERE published_grp_per_capita IS NOT NULL ORDER BY region_kato`,
      ),
    ).toEqual([
      { region_kato: AKMOLA, published: 10050, diff: -0.4975 },
      { region_kato: AKTOBE, published: 10500, diff: -4.7619 },
    ]);
    expect(
      summary.warnings.filter((w) => w.check === 'grp_per_capita_vs_published').map((w) => w.message),
    ).toEqual(['grp_per_capita 150000000 2016: computed 10000.0 thousand tenge, published 10500 (-4.76 %)']);
    // 2015: no average population, so the mean of 1 January 2015 and 2016: (28 + 32) / 2 = 30; 270 · 1000 / 30
    expect(
      await query(
        `SELECT population, population_method, grp_per_capita FROM ${table('grp_per_capita')} WHERE year = 2015`,
      ),
    ).toEqual([
      { population: 30, population_method: 'mean of 1 January 2015 and 2016', grp_per_capita: 9000 },
    ]);
  });

  it('shares of GDP: over the regions of the newest borders only', async () => {
    const rows = await query(
      `SELECT region_kato, round(share_pct, 6) AS share_pct, regions_sum, regions, rank
       FROM ${table('shares_of_gdp')} WHERE year = 2016 ORDER BY region_kato`,
    );
    // 300 + 200 + 300 + 200 = 1000 (South Kazakhstan's 500 would count Turkestan and Shymkent twice)
    expect(rows).toEqual([
      { region_kato: AKMOLA, share_pct: 30, regions_sum: 1000, regions: 4, rank: 1 },
      { region_kato: AKTOBE, share_pct: 20, regions_sum: 1000, regions: 4, rank: 3 },
      { region_kato: TURKESTAN, share_pct: 30, regions_sum: 1000, regions: 4, rank: 1 },
      { region_kato: SHYMKENT, share_pct: 20, regions_sum: 1000, regions: 4, rank: 3 },
    ]);
  });

  it('contributions to growth: nominal always, real with volume indices, on the previous year’s borders', async () => {
    const rows = await query(
      `SELECT region_kato, boundary_vintage, grp_previous, grp, round(contribution_nominal_pp, 6) AS nominal,
              volume_index, round(contribution_real_pp, 6) AS real
       FROM ${table('contributions_to_growth')} WHERE year = 2022 ORDER BY region_kato`,
    );
    expect(rows).toEqual([
      // the Republic: 1380 / 1200 - 1 = 15 %; the real sum is unknown while one region has no usable index
      {
        region_kato: KZ,
        boundary_vintage: '2018',
        grp_previous: 1200,
        grp: 1380,
        nominal: 15,
        volume_index: 103,
        real: null,
      },
      // (110 - 100) / 1200 · 100; real 100 · 0.02 / 1200 · 100
      {
        region_kato: AKMOLA,
        boundary_vintage: '2018',
        grp_previous: 100,
        grp: 110,
        nominal: 0.833333,
        volume_index: 102,
        real: 0.166667,
      },
      {
        region_kato: AKTOBE,
        boundary_vintage: '2018',
        grp_previous: 300,
        grp: 330,
        nominal: 2.5,
        volume_index: 101,
        real: 0.25,
      },
      // Almaty Region 2022 on 2018 borders = Almaty Region + Zhetisu = 220; its index is of the smaller region
      {
        region_kato: ALMATY_REGION,
        boundary_vintage: '2018',
        grp_previous: 200,
        grp: 220,
        nominal: 1.666667,
        volume_index: null,
        real: null,
      },
      {
        region_kato: ALMATY_CITY,
        boundary_vintage: '2018',
        grp_previous: 600,
        grp: 720,
        nominal: 10,
        volume_index: 105,
        real: 2.5,
      },
    ]);
  });

  it('inequality: CV, Theil, MLD, Gini, Williamson and sigma across the regions of one set of borders', async () => {
    const rows = await query(
      `SELECT year, regions, mean_grp_per_capita AS mean, round(cv, 6) AS cv, round(theil, 6) AS theil, round(mld, 6) AS mld,
              round(gini, 6) AS gini, round(williamson, 6) AS williamson, round(sigma, 6) AS sigma
       FROM ${table('inequality')} WHERE year IN (2011, 2016) ORDER BY year`,
    );
    expect(rows).toEqual([
      // y = 100, 200, 400, 800, m = 375; Gini = 2 · (100 + 300 + 700 + 200 + 600 + 400) / (2 · 16 · 375) = 0.383333;
      // equal populations, so Williamson = the population SD / mean
      {
        year: 2011,
        regions: 4,
        mean: 375,
        cv: 0.825519,
        theil: 0.249378,
        mld: 0.282035,
        gini: 0.383333,
        williamson: 0.71492,
        sigma: 0.774962,
      },
      // y = 10000, 10000, 7500, 20000 (South Kazakhstan left out), m = 11875; Gini 75000 / (2 · 16 · 11875);
      // Williamson: Y = 1000 · 1000 / 100 = 10000, sqrt(.4 · 2500² + .1 · 10000²) / 10000
      {
        year: 2016,
        regions: 4,
        mean: 11875,
        cv: 0.466812,
        theil: 0.074578,
        mld: 0.070484,
        gini: 0.197368,
        williamson: 0.353553,
        sigma: 0.361287,
      },
    ]);
  });

  it('beta-convergence: slope of annual growth on the initial log level, speed and half-life', async () => {
    const rows = await query(
      `SELECT from_year, to_year, regions, round(beta, 6) AS beta, round(beta_std_error, 6) AS se, round(r2, 6) AS r2,
              round(convergence_speed, 6) AS speed, round(half_life, 4) AS half_life
       FROM ${table('beta_convergence')}`,
    );
    // g = ln(1.44)/2, ln(1.21)/2, ln(1.1025)/2, 0 on ln 100 .. ln 800; T = 2;
    // speed (lambda) = -ln(1 + 2 beta) / 2; half-life = ln 2 / speed
    expect(rows).toEqual([
      {
        from_year: 2011,
        to_year: 2013,
        regions: 4,
        beta: -0.085622,
        se: 0.009749,
        r2: 0.974726,
        speed: 0.093914,
        half_life: 7.3806,
      },
    ]);
  });

  it('enterprise demography: net change, opened per liquidated (x/0 -> NULL), growth of registrations', async () => {
    const rows = await query(
      `SELECT region_kato, year, industry, registered, opened, liquidated, net_opened, round(opened_per_liquidated, 6) AS ratio,
              registered_change, round(registered_growth_pct, 6) AS registered_growth_pct
       FROM ${table('enterprise_demography')} ORDER BY region_kato, year, industry = 'B', industry`,
    );
    expect(rows).toEqual([
      {
        region_kato: AKMOLA,
        year: 2021,
        industry: '_T',
        registered: 100,
        opened: null,
        liquidated: null,
        net_opened: null,
        ratio: null,
        registered_change: null,
        registered_growth_pct: null,
      },
      {
        region_kato: AKMOLA,
        year: 2022,
        industry: '_T',
        registered: 108,
        opened: 20,
        liquidated: 12,
        net_opened: 8,
        ratio: 1.666667,
        registered_change: 8,
        registered_growth_pct: 8,
      },
      {
        region_kato: AKMOLA,
        year: 2022,
        industry: 'B',
        registered: null,
        opened: 3,
        liquidated: 0,
        net_opened: 3,
        ratio: null,
        registered_change: null,
        registered_growth_pct: null,
      },
      {
        region_kato: AKTOBE,
        year: 2022,
        industry: '_T',
        registered: null,
        opened: 5,
        liquidated: 0,
        net_opened: 5,
        ratio: null,
        registered_change: null,
        registered_growth_pct: null,
      },
    ]);
  });

  it('says when the data do not allow the resilience regression, and publishes no coefficients then', async () => {
    expect(await query(`SELECT * FROM ${table('resilience_panel')}`)).toEqual([]);
    expect(summary.warnings.map((w) => w.message).join('\n')).toMatch(
      /resilience models not estimated: no region-year has both GRP per capita and a section breakdown/,
    );
  });
});

describe('structure on bad input', () => {
  it('a negative gross value added stops the run with exit 4, naming it, and publishes nothing', async () => {
    const dir = await tempDir('kzstat-structure-bad-');
    const csv = path.join(dir, 'negative.csv');
    // SYNTHETIC: one region with a negative section.
    await writeFile(
      csv,
      [
        header,
        gva(KZ, 2020, 'A', 50),
        gva(KZ, 2020, 'B', 50),
        gva(AKMOLA, 2020, 'A', 20),
        gva(AKMOLA, 2020, 'B', -5),
      ].join('\n'),
    );
    const out = path.join(dir, 'out');
    const r = await runCli([
      'run',
      'structure',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      csv,
      '--out',
      out,
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/110000000 2020 section B: gross value added -5 is negative/);
    const versions = await runCli(['versions', 'structure', '--out', out, '--json']);
    expect(JSON.parse(versions.stdout).versions).toEqual([]);
  });

  it('inputs without gross value added or GRP are refused with exit 3, saying what is needed', async () => {
    const dir = await tempDir('kzstat-structure-bad-');
    const csv = path.join(dir, 'other.csv');
    await writeFile(csv, [header, row('population', AKMOLA, 2020, 700000, 'persons')].join('\n'));
    const r = await runCli([
      'run',
      'structure',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      csv,
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/structure: the inputs have no gross value added \(gva\) or GRP \(grp\)/);
  });

  it('an industry code that is no OKED section or division is refused with exit 3, naming the row', async () => {
    const dir = await tempDir('kzstat-structure-bad-');
    const csv = path.join(dir, 'industry.csv');
    await writeFile(csv, [header, gva(KZ, 2020, 'A', 50), gva(AKMOLA, 2020, 'Agriculture', 20)].join('\n'));
    const r = await runCli([
      'run',
      'structure',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      csv,
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/industry.csv row 3: industry 'Agriculture' is not an OKED section/);
  });
});
