import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { latest, readParquet, runOnCsv, tidyCsv } from './helpers.ts';

/**
 * The rating as a composite indicator (issue 17) end to end: `kzstat run
 * innovation --param ...` on SYNTHETIC tidy CSV files (made-up figures), the
 * published Parquet read back. Expected values are COINr's published test
 * values (Becker et al., JOSS 7(78), 4567, 2022) or worked by hand beside the
 * input.
 */

/** regions on the same land on every boundary vintage, and South Kazakhstan (1997 only) */
const K = [
  '110000000',
  '150000000',
  '190000000',
  '230000000',
  '270000000',
  '310000000',
  '350000000',
  '390000000',
  '430000000',
  '470000000',
  '550000000',
  '590000000',
  '630000000',
  '710000000',
  '750000000',
  '510000000',
];
const P = 'persons per million inhabitants';
const org = (year: number, values: number[]) =>
  values.map((v, i) => `rd_organisations,${K[i]},${year},${v},count,`);

type Input = {
  region_kato: string;
  year: number;
  indicator: string;
  value: number;
  treated_value: number | null;
  treatment: string | null;
  normalised: number | null;
};
const inputs = (out: string, where = "indicator = 'rd_organisations'") =>
  readParquet<Input>(
    latest(out, 'rating_inputs'),
    `SELECT * FROM t WHERE ${where} ORDER BY year, value, region_kato`,
  );

describe('treatment=winsorise: COINr procedure, per indicator and year', async () => {
  const ones = (n: number, v: number) => Array.from({ length: n }, () => v);
  const csv = await tidyCsv([
    ...org(2010, [100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 1]), // negative skew: 1 -> 91
    ...org(2011, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]), // COINr: 100 -> 10 in one step
    ...org(2012, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 100, 200]), // two steps: 100, 200 -> 13
    ...org(2013, [...ones(13, 1), 1000, 2000]), // step 1 fails, step 2 would make all equal: log
    ...org(2014, [...ones(13, 2000), 1001, 1]), // the same with negative skew: log of the reflected series
    ...org(2015, [1, 2, 100]), // too few regions
    ...org(2016, ones(11, 7)), // all values equal
    ...org(2017, [42]), // an indicator with one value
    // a constant indicator: the same figure in every region and year
    ...[2011, 2012, 2013, 2014, 2015, 2016, 2017].flatMap((y) =>
      K.map((k) => `researchers_per_million,${k},${y},500,${P},`),
    ),
  ]);
  const out = await tempDir();
  const run = await runOnCsv(csv, out, ['treatment=winsorise']);
  const rows = run.code === 0 ? await inputs(out) : [];
  const year = (y: number) => rows.filter((r) => r.year === y);

  it('publishes', () => expect(run.code, run.stderr).toBe(0));

  it('winsorises 1..10, 100 to 1..10, 10 and flags the point it changed', () => {
    expect(year(2011).map((r) => r.treated_value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    expect(year(2011).at(-1)!.treatment).toMatch(/^winsorised \(highest values set to 10 in 1 step\)/);
    expect(
      year(2011)
        .slice(0, -1)
        .every((r) => r.treatment!.startsWith('kept')),
    ).toBe(true);
    // normalised from the treated values: 10 is the new maximum
    expect(year(2011).at(-2)!.normalised).toBe(100);
    expect(year(2011).at(-1)!.normalised).toBe(100);
  });

  it('winsorises the low side where the skew is negative', () => {
    expect(year(2010).map((r) => r.treated_value)).toEqual([91, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    expect(year(2010)[0]!.treatment).toBe('winsorised (lowest values set to 91 in 1 step)');
  });

  it('re-tests after each step and keeps the first that passes', () => {
    expect(year(2012).map((r) => r.treated_value)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 13,
    ]);
    expect(year(2012).filter((r) => r.treatment!.startsWith('winsorised')).length).toBe(2);
    expect(year(2012)[0]!.treatment).toMatch(/in 2 steps/);
  });

  it('falls back to ln(x - min + 0.01 (max - min)) on the original values', () => {
    const expected = [...ones(13, 1), 1000, 2000].map((x) => Math.log(x - 1 + 0.01 * 1999));
    year(2013).forEach((r, i) => {
      expect(r.treated_value).toBeCloseTo(expected[i]!, 12);
      expect(r.treatment).toMatch(/^log transformed/);
    });
  });

  it('for negative skew, logs the reflected series and keeps the order', () => {
    const t = year(2014).map((r) => r.treated_value!);
    expect(t[0]).toBeCloseTo(-Math.log(2000 - 1 + 0.01 * 1999), 12);
    expect(t[1]).toBeCloseTo(-Math.log(2000 - 1001 + 0.01 * 1999), 12);
    expect(t[2]).toBeCloseTo(-Math.log(0.01 * 1999), 12);
    expect(t[0]! < t[1]! && t[1]! < t[2]!).toBe(true);
  });

  it('does not test too few regions, equal values or a single value, and says so', () => {
    expect(year(2015).every((r) => r.treated_value === r.value)).toBe(true);
    expect(year(2015)[0]!.treatment).toBe('not tested: 3 figures in the year, skewness and kurtosis need 4');
    expect(year(2016)[0]!.treatment).toBe('not tested: all figures of the year are equal');
    expect(year(2016).every((r) => r.normalised === 50)).toBe(true);
    expect(year(2017)[0]!.treatment).toBe('not tested: 1 figure in the year, skewness and kurtosis need 4');
  });

  it('leaves a constant indicator alone in every year', async () => {
    const c = await inputs(out, "indicator = 'researchers_per_million'");
    expect(c.length).toBe(7 * K.length);
    expect(new Set(c.map((r) => r.treatment))).toEqual(
      new Set(['not tested: all figures of the year are equal']),
    );
    expect(c.every((r) => r.treated_value === 500)).toBe(true);
  });
});

describe('normalisation_method', async () => {
  const csv = await tidyCsv([...org(2015, [1, 2, 3, 4, 5]), ...org(2016, [10, 20, 20, 30])]);
  const run = async (params: string[]) => {
    const out = await tempDir();
    const r = await runOnCsv(csv, out, params);
    return { ...r, rows: r.code === 0 ? await inputs(out) : [] };
  };
  const [zscore, rank, goalposts, target, undeclared] = await Promise.all([
    run(['normalisation_method=zscore']),
    run(['normalisation_method=rank']),
    run(['normalisation_method=goalposts', 'goalposts={"rd_organisations":[2,4]}']),
    run(['normalisation_method=distance_to_target', 'targets={"rd_organisations":4}']),
    run(['normalisation_method=goalposts']),
  ]);
  const of = (r: { rows: Input[] }, y: number) => r.rows.filter((x) => x.year === y).map((x) => x.normalised);

  it('zscore: mean 0 and the sample SD, z of 1..5 = (x - 3) / sqrt(2.5)', () => {
    expect(zscore.code, zscore.stderr).toBe(0);
    of(zscore, 2015).forEach((z, i) => {
      expect(z).toBeCloseTo((i + 1 - 3) / Math.sqrt(2.5), 12);
    });
    // no treatment asked: the new columns say so
    expect(zscore.rows.every((r) => r.treated_value === null && r.treatment === 'none')).toBe(true);
  });

  it('rank: 1 = lowest, ties share the lowest rank of their group', () => {
    expect(rank.code, rank.stderr).toBe(0);
    expect(of(rank, 2015)).toEqual([1, 2, 3, 4, 5]);
    expect(of(rank, 2016)).toEqual([1, 2, 2, 4]);
  });

  it('goalposts: (x - lower) / (upper - lower) * 100 clipped to [0, 100]', () => {
    expect(goalposts.code, goalposts.stderr).toBe(0);
    expect(of(goalposts, 2015)).toEqual([0, 0, 50, 100, 100]);
  });

  it('distance_to_target: x / target', () => {
    expect(target.code, target.stderr).toBe(0);
    expect(of(target, 2015)).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
  });

  it('refuses goalposts it was not given, naming the indicator and the parameter', () => {
    expect(undeclared.code).toBe(3);
    expect(undeclared.stderr).toMatch(/normalisation_method=goalposts needs the parameter goalposts/);
    expect(undeclared.stderr).toMatch(/none for rd_organisations/);
  });
});

describe('aggregation and weights', async () => {
  // SYNTHETIC. Akmola's conditions indicators are 1, 2, 3; with target 1 each, distance to
  // target leaves them as they are, so the group score is the mean of (1, 2, 3) itself.
  const csv = await tidyCsv([
    'rd_organisations,110000000,2015,1,count,',
    `researchers_per_million,110000000,2015,2,${P},`,
    'rd_expenditure_pct_grp,110000000,2015,3,percent,',
    'rd_organisations,150000000,2015,2,count,',
    `researchers_per_million,150000000,2015,2,${P},`,
    'rd_expenditure_pct_grp,150000000,2015,2,percent,',
  ]);
  const targets = 'targets={"rd_organisations":1,"researchers_per_million":1,"rd_expenditure_pct_grp":1}';
  const weightsFile = path.join(await tempDir(), 'weights.csv');
  await writeFile(weightsFile, 'name,weight\nrd_expenditure_pct_grp,2\n');
  const badWeights = path.join(await tempDir(), 'weights.csv');
  await writeFile(badWeights, 'name,weight\nrd_expenditure_pct_grp,two\n');
  const run = async (params: string[]) => {
    const out = await tempDir();
    const r = await runOnCsv(csv, out, params);
    const rated =
      r.code === 0
        ? await readParquet<{ region_kato: string; score: number; conditions_score: number }>(
            latest(out, 'innovation_rating'),
            'SELECT * FROM t ORDER BY region_kato',
          )
        : [];
    return { ...r, rated };
  };
  const [geometric, harmonic, zero, bad, typo] = await Promise.all([
    run([
      'normalisation_method=distance_to_target',
      targets,
      'aggregation=geometric',
      'weights={"rd_expenditure_pct_grp":2}',
    ]),
    run([
      'normalisation_method=distance_to_target',
      targets,
      'aggregation=harmonic',
      `weights=${weightsFile}`,
    ]),
    run(['aggregation=geometric']),
    run([`weights=${badWeights}`]),
    run(['weights={"rd_organisation":2}']),
  ]);

  it('geometric: (1, 2, 3) with weights (1, 1, 2) gives (1 * 2 * 3^2)^(1/4)', () => {
    expect(geometric.code, geometric.stderr).toBe(0);
    expect(geometric.rated[0]!.conditions_score).toBeCloseTo((1 * 2 * 3 ** 2) ** (1 / 4), 12);
    expect(geometric.rated[0]!.score).toBeCloseTo((1 * 2 * 3 ** 2) ** (1 / 4), 12);
    expect(geometric.rated[1]!.score).toBeCloseTo(2, 12);
  });

  it('harmonic with weights from a file: sum(w) / sum(w / x)', () => {
    expect(harmonic.code, harmonic.stderr).toBe(0);
    expect(harmonic.rated[0]!.score).toBeCloseTo(4 / (1 / 1 + 1 / 2 + 2 / 3), 12);
  });

  it('geometric refuses a zero, naming region, year and indicator', () => {
    // min-max puts each indicator's lowest region at 0
    expect(zero.code).toBe(3);
    expect(zero.stderr).toMatch(/aggregation=geometric needs normalised values above 0/);
    expect(zero.stderr).toMatch(/Akmola Region \(110000000\) 2015 rd_organisations is 0/);
  });

  it('a weights file with a bad row is refused with its row', () => {
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/weights.csv row 2: expected 'name,weight' with a positive weight/);
  });

  it('a weight for a name that is neither an indicator nor a group is refused, with the names there are', () => {
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no indicator or group named rd_organisation \(one of: rd_organisations, /);
  });
});

describe('rating_uncertainty and rating_sensitivity', async () => {
  // SYNTHETIC: six regions, two years, all six indicators, figures that cross so ranks can move
  const lines: string[] = [];
  for (const year of [2014, 2015])
    K.slice(0, 6).forEach((k, i) => {
      const a = ((i * 7 + year) % 6) + 1;
      const b = ((i * 5 + year * 3) % 6) + 1;
      lines.push(
        `rd_organisations,${k},${year},${10 * a},count,`,
        `researchers_per_million,${k},${year},${100 * b},${P},`,
        `rd_expenditure_pct_grp,${k},${year},${0.1 * (a + b)},percent,`,
        `innovation_active_enterprises_pct,${k},${year},${2 * b},percent,`,
        `innovative_products_pct_grp,${k},${year},${0.5 * a},percent,`,
        `tech_innovation_expenditure_pct_grp,${k},${year},${(a * b) % 5},percent,`,
      );
    });
  const csv = await tidyCsv(lines);
  const run = async (params: string[]) => {
    const out = await tempDir();
    const r = await runOnCsv(csv, out, ['uncertainty_draws=50', ...params]);
    expect(r.code, r.stderr).toBe(0);
    const u = await readParquet<Record<string, number | string | null>>(
      latest(out, 'rating_uncertainty'),
      'SELECT * FROM t ORDER BY year, region_kato',
    );
    const s = await readParquet<Record<string, number | string | null>>(
      latest(out, 'rating_sensitivity'),
      'SELECT * FROM t ORDER BY year, assumption',
    );
    return { u, s };
  };
  const [first, again, otherSeed, fixedWeights] = await Promise.all([
    run([]),
    run([]),
    run(['uncertainty_seed=2']),
    run(['weight_range=0']),
  ]);

  it('has every rated region and year, with its interval around the median', () => {
    expect(first.u.length).toBe(12);
    for (const r of first.u) {
      expect(r.draws).toBe(50);
      expect(r.p05_rank! <= r.median_rank! && r.median_rank! <= r.p95_rank!).toBe(true);
      expect(r.p05_rank).toBeGreaterThanOrEqual(1);
      expect(r.p95_rank).toBeLessThanOrEqual(6);
      const shares = [r.share_a, r.share_b, r.share_c, r.share_d].map(Number);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    // the draws do move some rank in this data
    expect(first.u.some((r) => r.p05_rank !== r.p95_rank)).toBe(true);
  });

  it('is reproducible with the same seed, and another seed draws otherwise', () => {
    expect(again.u).toEqual(first.u);
    expect(again.s).toEqual(first.s);
    expect(otherSeed.u).not.toEqual(first.u);
  });

  it('gives each assumption its rank shift, and a first-order index where it is discrete', () => {
    const assumptions = first.s.filter((r) => r.year === 2015).map((r) => r.assumption);
    expect(assumptions).toEqual(['aggregation', 'all', 'left_out', 'normalisation', 'weights']);
    for (const r of first.s) {
      expect(r.mean_abs_rank_shift).toBeGreaterThanOrEqual(0);
      if (['aggregation', 'left_out', 'normalisation'].includes(String(r.assumption))) {
        expect(r.first_order_index).toBeGreaterThanOrEqual(0);
        expect(r.first_order_index).toBeLessThanOrEqual(1);
      } else expect(r.first_order_index).toBeNull();
    }
    expect(first.s.find((r) => r.assumption === 'left_out')!.scenarios).toBe(6);
  });

  it('weights that may not move leave every rank where it was', () => {
    for (const r of fixedWeights.s.filter((x) => x.assumption === 'weights')) {
      expect(r.mean_abs_rank_shift).toBe(0);
      expect(r.max_abs_rank_shift).toBe(0);
    }
  });
});
