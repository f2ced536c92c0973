import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { tempDir } from '../helpers/cli.ts';
import { latest, readParquet, runOnCsv, tidyCsv } from './helpers.ts';

/**
 * The rating end to end on small SYNTHETIC tidy CSV files (made-up figures,
 * not statistics): `kzstat run innovation --raw <empty> --input file.csv`,
 * then the published Parquet read back. Expected values are worked by hand
 * beside the input.
 */
const P = 'persons per million inhabitants';

type Rated = {
  region_kato: string;
  score: number | null;
  conditions_score: number | null;
  activity_score: number | null;
  assessment: string | null;
  class: string | null;
  rank: number | null;
  coverage: number;
  partial: boolean;
  missing_group: string | null;
  reason: string | null;
  eris_group: string | null;
  relative_to_average: number | null;
};

const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

async function rated(out: string, year: number) {
  return readParquet<Rated>(
    latest(out, 'innovation_rating'),
    `SELECT * FROM t WHERE year = ${year} ORDER BY region_kato`,
  );
}

describe('all six indicators, four regions, one year (synthetic)', async () => {
  // SYNTHETIC. Republic row 110 = the regions' sum; were it a region it would be the maximum.
  //                 rd_org      res/mln     rd_exp%   active%   products%  tech%
  // Akmola 110000000   10 ->   0   100 ->   0  0.1 -> 50   2 ->   0  0.5 ->   0  1 ->   0
  // Aktobe 150000000   20 ->  25   300 ->  50  0.1 -> 50   4 ->  25  1.5 ->  50  1 ->   0
  // Astana 710000000   30 ->  50   500 -> 100  0.1 -> 50   6 ->  50  1.5 ->  50  2 ->  50
  // Almaty 750000000   50 -> 100   500 -> 100  0.1 -> 50  10 -> 100  2.5 -> 100  3 -> 100
  // (rd_exp is equal everywhere: max = min, everyone 50)
  const rows: [string, number, number, number, number, number, number][] = [
    ['110000000', 10, 100, 0.1, 2, 0.5, 1],
    ['150000000', 20, 300, 0.1, 4, 1.5, 1],
    ['710000000', 30, 500, 0.1, 6, 1.5, 2],
    ['750000000', 50, 500, 0.1, 10, 2.5, 3],
  ];
  const csv = await tidyCsv([
    'rd_organisations,000000000,2015,110,count,',
    ...rows.flatMap(([k, org, res, exp, act, prod, tech]) => [
      `rd_organisations,${k},2015,${org},count,`,
      `researchers_per_million,${k},2015,${res},${P},`,
      `rd_expenditure_pct_grp,${k},2015,${exp},percent,`,
      `innovation_active_enterprises_pct,${k},2015,${act},percent,`,
      `innovative_products_pct_grp,${k},2015,${prod},percent,`,
      `tech_innovation_expenditure_pct_grp,${k},2015,${tech},percent,`,
    ]),
  ]);
  const out = await tempDir();
  const run = await runOnCsv(csv, out);

  it('publishes and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(runSummary.parse(JSON.parse(run.stdout)).published.map((p) => p.dataset)).toEqual(['innovation']);
  });

  it('normalises each indicator across the regions of the year, leaving the Republic out', async () => {
    const inputs = await readParquet<{ region_kato: string; indicator: string; normalised: number }>(
      latest(out, 'rating_inputs'),
      `SELECT region_kato, indicator, normalised FROM t
       ORDER BY region_kato, list_position(['rd_organisations', 'researchers_per_million', 'rd_expenditure_pct_grp',
         'innovation_active_enterprises_pct', 'innovative_products_pct_grp', 'tech_innovation_expenditure_pct_grp'], indicator)`,
    );
    const byRegion = (k: string) => inputs.filter((i) => i.region_kato === k).map((i) => i.normalised);
    expect(inputs.map((i) => i.region_kato)).not.toContain('000000000');
    expect(byRegion('110000000')).toEqual([0, 0, 50, 0, 0, 0]);
    expect(byRegion('150000000')).toEqual([25, 50, 50, 25, 50, 0]);
    expect(byRegion('710000000')).toEqual([50, 100, 50, 50, 50, 50]);
    expect(byRegion('750000000')).toEqual([100, 100, 50, 100, 100, 100]);
  });

  it('gives group means, score, class, rank and RIS group as worked by hand', async () => {
    // conditions = mean of the first three, activity = mean of the last three, score = (c + a) / 2
    // mean score = (8.3333 + 33.3333 + 58.3333 + 91.6667) / 4 = 47.9167
    const r = await rated(out, 2015);
    expect(
      r.map((x) => [
        x.region_kato,
        round(x.conditions_score),
        round(x.activity_score),
        round(x.score),
        x.assessment,
        x.class,
        x.rank,
        round(x.relative_to_average, 2),
        x.eris_group,
        x.coverage,
        x.partial,
      ]),
    ).toEqual([
      ['110000000', 16.6667, 0, 8.3333, 'very low', 'D', 4, 17.39, 'emerging', 100, false],
      ['150000000', 41.6667, 25, 33.3333, 'low', 'C', 3, 69.57, 'emerging', 100, false],
      ['710000000', 66.6667, 50, 58.3333, 'medium', 'B', 2, 121.74, 'strong', 100, false],
      ['750000000', 83.3333, 100, 91.6667, 'high', 'A', 1, 191.3, 'leader', 100, false],
    ]);
  });

  it('weights the groups as the parameters say (3 : 1)', async () => {
    const out2 = await tempDir();
    const again = await runOnCsv(csv, out2, ['weight_conditions=3', 'weight_activity=1']);
    expect(again.code, again.stderr).toBe(0);
    // score = (3 c + a) / 4: Akmola (50 + 0) / 4, Aktobe (125 + 25) / 4, Astana (200 + 50) / 4, Almaty (250 + 100) / 4
    const r = await rated(out2, 2015);
    expect(r.map((x) => [round(x.score), x.class])).toEqual([
      [12.5, 'D'],
      [37.5, 'C'],
      [62.5, 'B'],
      [87.5, 'A'],
    ]);
  });
});

describe('coverage rule, partial years, ties (synthetic)', async () => {
  // SYNTHETIC.
  // 2016: only the conditions group is given, so the activity group is unpublished that year.
  //                 rd_org       res/mln      rd_exp%
  // Akmola 110000000   10 ->   0   100 ->   0  0.2 ->   0     3 of 3, conditions (0 + 0 + 0) / 3 = 0
  // Aktobe 150000000   30 ->  50   300 ->  50  (none)         2 of 3, (50 + 50) / 2 = 50
  // Kostanay 390000000 30 ->  50   300 ->  50  (none)         2 of 3, 50: ties with Aktobe
  // Astana 710000000    x          500 -> 100  0.4 -> 100     2 of 3 (x is missing, not 0), 100
  // Almaty 750000000   50 -> 100  (none)       (none)         1 of 3: fewer than half, no score
  // 2017: both groups given; Aktobe has no activity indicator at all.
  // Akmola 110000000   res 100 -> 0, rd_exp 0.1 -> 0, active 5 -> 50, products 1 -> 50 (one region: max = min)
  // Aktobe 150000000   res 300 -> 100, rd_exp 0.3 -> 100, no activity indicator: no score
  const csv = await tidyCsv([
    'rd_organisations,110000000,2016,10,count,',
    `researchers_per_million,110000000,2016,100,${P},`,
    'rd_expenditure_pct_grp,110000000,2016,0.2,percent,',
    'rd_organisations,150000000,2016,30,count,',
    `researchers_per_million,150000000,2016,300,${P},`,
    'rd_organisations,390000000,2016,30,count,',
    `researchers_per_million,390000000,2016,300,${P},`,
    'rd_organisations,710000000,2016,,count,x',
    `researchers_per_million,710000000,2016,500,${P},`,
    'rd_expenditure_pct_grp,710000000,2016,0.4,percent,',
    'rd_organisations,750000000,2016,50,count,',
    `researchers_per_million,110000000,2017,100,${P},`,
    'rd_expenditure_pct_grp,110000000,2017,0.1,percent,',
    'innovation_active_enterprises_pct,110000000,2017,5,percent,',
    'innovative_products_pct_grp,110000000,2017,1,percent,',
    `researchers_per_million,150000000,2017,300,${P},`,
    'rd_expenditure_pct_grp,150000000,2017,0.3,percent,',
  ]);
  const out = await tempDir();
  const run = await runOnCsv(csv, out);

  it('publishes and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('a year without the activity group: partial scores, coverage, a reason below half, shared ranks', async () => {
    // mean score = (0 + 50 + 50 + 100) / 4 = 50
    const r = await rated(out, 2016);
    expect(
      r.map((x) => [
        x.region_kato,
        x.score,
        x.assessment,
        x.class,
        x.rank,
        round(x.coverage, 2),
        x.partial,
        x.missing_group,
        x.eris_group,
        x.reason,
      ]),
    ).toEqual([
      ['110000000', 0, 'very low', 'D', 4, 50, true, 'activity', 'emerging', null],
      ['150000000', 50, 'medium', 'B', 2, 33.33, true, 'activity', 'strong', null],
      ['390000000', 50, 'medium', 'B', 2, 33.33, true, 'activity', 'strong', null],
      ['710000000', 100, 'high', 'A', 1, 33.33, true, 'activity', 'leader', null],
      [
        '750000000',
        null,
        null,
        null,
        null,
        16.67,
        true,
        'activity',
        null,
        'conditions group: 1 of 3 indicators (rd_organisations), fewer than 50 % of them',
      ],
    ]);
    expect(r.map((x) => x.activity_score)).toEqual([null, null, null, null, null]);
  });

  it('a region without any indicator of a published group gets no score, and the year is not partial', async () => {
    const r = await rated(out, 2017);
    expect(
      r.map((x) => [
        x.region_kato,
        x.conditions_score,
        x.activity_score,
        x.score,
        x.class,
        x.rank,
        x.partial,
        x.reason,
      ]),
    ).toEqual([
      ['110000000', 0, 50, 25, 'C', 1, false, null],
      [
        '150000000',
        100,
        null,
        null,
        null,
        null,
        false,
        'activity group: none of its 3 indicators, fewer than 50 % of them',
      ],
    ]);
  });

  it('says in the run report and the dataset description which indicators each year used', async () => {
    const summary = runSummary.parse(JSON.parse(run.stdout));
    const used =
      'Indicators the innovation rating used, by year: 2016: rd_organisations, researchers_per_million, rd_expenditure_pct_grp; ' +
      "the activity group is not in the inputs, so scores are partial (the other group's score). " +
      '2017: researchers_per_million, rd_expenditure_pct_grp, innovation_active_enterprises_pct, innovative_products_pct_grp.';
    expect(summary.warnings.map((w) => w.message)).toContain(used);
    expect(summary.warnings.map((w) => w.message)).toContain(
      'innovation_rating 2016: 1 of 5 regions have no score: city of Almaty (conditions group: 1 of 3 indicators (rd_organisations), fewer than 50 % of them)',
    );
    const pkg = JSON.parse(
      await readFile(path.join(out, 'innovation', 'latest', 'datapackage.json'), 'utf8'),
    );
    expect(pkg.description).toContain(used);
  });

  it('a lower coverage threshold scores the region with one of three indicators', async () => {
    const out2 = await tempDir();
    const again = await runOnCsv(csv, out2, ['min_group_coverage=0.3']);
    expect(again.code, again.stderr).toBe(0);
    const r = await rated(out2, 2016);
    expect(r.find((x) => x.region_kato === '750000000')).toMatchObject({ score: 100, rank: 1, reason: null });
  });
});

describe('pooled normalisation (synthetic)', async () => {
  // SYNTHETIC. Conditions group only (two of three indicators), three regions, two years.
  //                  2018: res  rd_exp%   2019: res  rd_exp%
  // Akmola 110000000       100   0.1            300   0.3
  // Aktobe 150000000       200   0.3            400   0.4
  // Almaty 750000000       300   0.5            500   0.5
  // per year: 2018 res 100..300, rd_exp 0.1..0.5 -> Akmola 0, Aktobe (50 + 50) / 2 = 50, Almaty 100;
  //           2019 res 300..500, rd_exp 0.3..0.5 -> Akmola 0, Aktobe (50 + 50) / 2 = 50, Almaty 100
  // pooled:   res 100..500, rd_exp 0.1..0.5 over both years
  //           2018 Akmola (0 + 0) / 2 = 0, Aktobe (25 + 50) / 2 = 37.5, Almaty (50 + 100) / 2 = 75
  //           2019 Akmola (50 + 50) / 2 = 50, Aktobe (75 + 75) / 2 = 75, Almaty (100 + 100) / 2 = 100
  const data: [string, number, number, number][] = [
    ['110000000', 2018, 100, 0.1],
    ['150000000', 2018, 200, 0.3],
    ['750000000', 2018, 300, 0.5],
    ['110000000', 2019, 300, 0.3],
    ['150000000', 2019, 400, 0.4],
    ['750000000', 2019, 500, 0.5],
  ];
  const csv = await tidyCsv(
    data.flatMap(([k, y, res, exp]) => [
      `researchers_per_million,${k},${y},${res},${P},`,
      `rd_expenditure_pct_grp,${k},${y},${exp},percent,`,
    ]),
  );
  const scores = async (out: string) =>
    (
      await readParquet<{ year: number; region_kato: string; score: number }>(
        latest(out, 'innovation_rating'),
        'SELECT year, region_kato, score FROM t ORDER BY year, region_kato',
      )
    ).map((r) => [r.year, r.region_kato, round(r.score, 9)]);

  it('per year (the default): each year spans 0..100', async () => {
    const out = await tempDir();
    const run = await runOnCsv(csv, out);
    expect(run.code, run.stderr).toBe(0);
    expect(await scores(out)).toEqual([
      [2018, '110000000', 0],
      [2018, '150000000', 50],
      [2018, '750000000', 100],
      [2019, '110000000', 0],
      [2019, '150000000', 50],
      [2019, '750000000', 100],
    ]);
  });

  it('pooled: min and max over all years, so growth shows', async () => {
    const out = await tempDir();
    const run = await runOnCsv(csv, out, ['normalisation=pooled']);
    expect(run.code, run.stderr).toBe(0);
    expect(await scores(out)).toEqual([
      [2018, '110000000', 0],
      [2018, '150000000', 37.5],
      [2018, '750000000', 75],
      [2019, '110000000', 50],
      [2019, '150000000', 75],
      [2019, '750000000', 100],
    ]);
  });

  it('refuses an unknown normalisation with exit 2', async () => {
    const out = await tempDir();
    const run = await runOnCsv(csv, out, ['normalisation=zscore']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/normalisation/);
  });
});

describe('the expenditure measure changes in 2022, and shares of GRP from money figures (synthetic)', async () => {
  // SYNTHETIC. Activity group only, two regions.
  //                         2021: active  tech%  products%        2022: active  tech%  innov_exp%  products (money / GRP)
  // Akmola 110000000              2       1      0.5                    2       5      2           10 / 1000 = 1 %
  // Aktobe 150000000              4       3      (money only)           4       1      4           30 / 1000 = 3 %
  // 2021: tech counts; products% of Akmola is published, Aktobe's is computed: 20 / 2000 = 1 %.
  // 2022: innovation_expenditure_pct_grp counts, tech does not (listed with the reason);
  //       Akmola 0 on all three -> 0, Aktobe 100 on all three -> 100. Were tech used, Akmola would lead it.
  const csv = await tidyCsv([
    'innovation_active_enterprises_pct,110000000,2021,2,percent,',
    'innovation_active_enterprises_pct,150000000,2021,4,percent,',
    'tech_innovation_expenditure_pct_grp,110000000,2021,1,percent,',
    'tech_innovation_expenditure_pct_grp,150000000,2021,3,percent,',
    'innovative_products_pct_grp,110000000,2021,0.5,percent,',
    'innovative_products,110000000,2021,99,million tenge,',
    'innovative_products,150000000,2021,20,million tenge,',
    'grp,110000000,2021,1000,million tenge,',
    'grp,150000000,2021,2000,million tenge,',
    'innovation_active_enterprises_pct,110000000,2022,2,percent,',
    'innovation_active_enterprises_pct,150000000,2022,4,percent,',
    'tech_innovation_expenditure_pct_grp,110000000,2022,5,percent,',
    'tech_innovation_expenditure_pct_grp,150000000,2022,1,percent,',
    'innovation_expenditure_pct_grp,110000000,2022,2,percent,',
    'innovation_expenditure_pct_grp,150000000,2022,4,percent,',
    'innovative_products,110000000,2022,10,million tenge,',
    'innovative_products,150000000,2022,30,million tenge,',
    'grp,110000000,2022,1000,million tenge,',
    'grp,150000000,2022,1000,million tenge,',
  ]);
  const out = await tempDir();
  const run = await runOnCsv(csv, out);
  const summary = runSummary.parse(JSON.parse(run.stdout));

  it('publishes and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('rates 2021 on tech_innovation_expenditure_pct_grp and 2022 on innovation_expenditure_pct_grp', async () => {
    const r = await readParquet<{
      year: number;
      region_kato: string;
      activity_score: number;
      m: string;
      used: string;
    }>(
      latest(out, 'innovation_rating'),
      'SELECT year, region_kato, activity_score, expenditure_measure AS m, indicators_used AS used FROM t ORDER BY ALL',
    );
    expect(r.map((x) => [x.year, x.region_kato, round(x.activity_score, 9), x.m, x.used])).toEqual([
      [
        2021,
        '110000000',
        0,
        'tech_innovation_expenditure_pct_grp',
        'innovation_active_enterprises_pct, innovative_products_pct_grp, tech_innovation_expenditure_pct_grp',
      ],
      [
        2021,
        '150000000',
        100,
        'tech_innovation_expenditure_pct_grp',
        'innovation_active_enterprises_pct, innovative_products_pct_grp, tech_innovation_expenditure_pct_grp',
      ],
      [
        2022,
        '110000000',
        0,
        'innovation_expenditure_pct_grp',
        'innovation_active_enterprises_pct, innovative_products_pct_grp, innovation_expenditure_pct_grp',
      ],
      [
        2022,
        '150000000',
        100,
        'innovation_expenditure_pct_grp',
        'innovation_active_enterprises_pct, innovative_products_pct_grp, innovation_expenditure_pct_grp',
      ],
    ]);
  });

  it('lists the other measure as not used, with the reason', async () => {
    const r = await readParquet<{ year: number; used: boolean; reason: string | null }>(
      latest(out, 'rating_inputs'),
      `SELECT year, used, reason FROM t WHERE indicator = 'tech_innovation_expenditure_pct_grp' ORDER BY year, region_kato`,
    );
    expect(r.map((x) => [x.year, x.used, x.reason])).toEqual([
      [2021, true, null],
      [2021, true, null],
      [
        2022,
        false,
        "in 2022 the activity group's expenditure measure is innovation_expenditure_pct_grp (the BNS changed it with its 2022 survey)",
      ],
      [
        2022,
        false,
        "in 2022 the activity group's expenditure measure is innovation_expenditure_pct_grp (the BNS changed it with its 2022 survey)",
      ],
    ]);
  });

  it('computes a share of GRP from the money only where none is published', async () => {
    const r = await readParquet<{
      year: number;
      region_kato: string;
      value: number;
      published_value: number | null;
      used_by_rating: boolean;
    }>(
      latest(out, 'grp_shares'),
      `SELECT year, region_kato, value, published_value, used_by_rating FROM t WHERE indicator = 'innovative_products_pct_grp' ORDER BY ALL`,
    );
    expect(
      r.map((x) => [x.year, x.region_kato, round(x.value, 9), x.published_value, x.used_by_rating]),
    ).toEqual([
      [2021, '110000000', 9.9, 0.5, false],
      [2021, '150000000', 1, null, true],
      [2022, '110000000', 1, null, true],
      [2022, '150000000', 3, null, true],
    ]);
    const used = await readParquet<{ value: number; source: string }>(
      latest(out, 'rating_inputs'),
      `SELECT value, source FROM t WHERE indicator = 'innovative_products_pct_grp' AND year = 2021 ORDER BY region_kato`,
    );
    expect(used.map((u) => u.value)).toEqual([0.5, 1]);
    expect(used[1]!.source).toMatch(/input\.csv#row \d+ \/ \S*input\.csv#row \d+$/);
  });

  it('states the break and the computed shares in the run report', () => {
    const messages = summary.warnings.map((w) => w.message);
    expect(messages.some((m) => m.startsWith('Break in the series'))).toBe(true);
    expect(messages).toContain(
      'Shares of GRP computed from the money figures and the regional GRP of the same year and borders (table grp_shares), where no source publishes them: innovative_products_pct_grp 2021 (1 region), innovative_products_pct_grp 2022 (2 regions).',
    );
    expect(messages).toContain(
      'grp_shares innovative_products_pct_grp 2021: the share computed from the money figure and GRP differs from the published one by more than its rounding (the published one is used): Akmola Region 9.9 against 0.5',
    );
  });
});
