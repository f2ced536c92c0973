import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { expectNothingNew, runCli, runJson, tempDir } from '../helpers/cli.ts';
import { latest, readParquet } from './helpers.ts';

/**
 * `kzstat run innovation --offline` on the bundled data (real figures: Kireeva table 1, BNS SDG platform,
 * the BNS innovation and R&D bulletins 2022, regional GRP). The 2022 rating against an independent
 * computation is in bulletins.test.ts.
 */
describe('innovation on the bundled data', async () => {
  const out = await tempDir();
  const first = await runCli(['run', 'innovation', '--offline', '--out', out, '--json']);
  const summary = runSummary.parse(JSON.parse(first.stdout));
  const messages = summary.warnings.map((w) => w.message);
  const pkg = JSON.parse(await readFile(path.join(out, 'innovation', 'latest', 'datapackage.json'), 'utf8'));

  it('publishes the innovation dataset and exits 0', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(summary.published.map((p) => p.dataset)).toEqual(['innovation']);
    expect(
      pkg.resources
        .filter((r: { format: string }) => r.format === 'parquet')
        .map((r: { name: string }) => r.name),
    ).toEqual([
      // one resource per contract file, in file-name order
      'grp_shares',
      'innovation_rating',
      'rating_inputs',
      'rating_sensitivity',
      'rating_uncertainty',
      'rd_dynamics',
      'rd_efficiency',
    ]);
  });

  it('gives every rated year its rank intervals and sensitivity (issue 17)', async () => {
    const rated = await readParquet<{ year: number; n: number }>(
      latest(out, 'innovation_rating'),
      'SELECT year, count(*) AS n FROM t WHERE score IS NOT NULL GROUP BY year ORDER BY year',
    );
    const intervals = await readParquet<{ year: number; n: number }>(
      latest(out, 'rating_uncertainty'),
      'SELECT year, count(*) AS n FROM t WHERE draws = 200 AND p05_rank <= median_rank AND median_rank <= p95_rank GROUP BY year ORDER BY year',
    );
    expect(intervals).toEqual(rated);
    const sensitivity = await readParquet<{ year: number; n: number }>(
      latest(out, 'rating_sensitivity'),
      'SELECT year, count(*) AS n FROM t GROUP BY year ORDER BY year',
    );
    expect(sensitivity).toEqual(rated.map((r) => ({ year: r.year, n: 5 })));
  });

  it('reproduces all 17 "2013 to 2009, %" values of Kireeva, table 1', async () => {
    // as printed in the paper: region, KATO, 2009, 2013, "2013 to 2009, %"
    const printed: [string, string, number, number, number][] = [
      ['Republic of Kazakhstan', '000000000', 416, 341, 81.97],
      ['Akmola Region', '110000000', 7, 12, 171.43],
      ['Aktobe Region', '150000000', 15, 13, 86.67],
      ['Almaty Region', '190000000', 7, 10, 142.86],
      ['Atyrau Region', '230000000', 12, 8, 66.67],
      ['West Kazakhstan Region', '270000000', 10, 9, 90.0],
      ['Jambyl Region', '310000000', 12, 9, 75.0],
      ['Karaganda Region', '350000000', 29, 23, 79.31],
      ['Kostanay Region', '390000000', 14, 13, 92.86],
      ['Kyzylorda Region', '430000000', 9, 6, 66.67],
      ['Mangystau Region', '470000000', 6, 7, 116.67],
      ['South Kazakhstan Region', '510000000', 10, 15, 150.0],
      ['Pavlodar Region', '550000000', 10, 10, 100.0],
      ['North Kazakhstan Region', '590000000', 5, 3, 60.0],
      ['East Kazakhstan Region', '630000000', 34, 29, 85.29],
      ['city of Astana', '710000000', 43, 52, 120.93],
      ['city of Almaty', '750000000', 195, 122, 62.56],
    ];
    const rows = await readParquet<{
      region_kato: string;
      base_year: number;
      base_value: number;
      value: number;
      pct_of_base: number;
    }>(
      latest(out, 'rd_dynamics'),
      "SELECT * FROM t WHERE indicator = 'rd_organisations' AND year = 2013 ORDER BY region_kato",
    );
    expect(rows).toHaveLength(17);
    expect(
      rows.map((r) => [
        r.region_kato,
        r.base_year,
        r.base_value,
        r.value,
        Math.round(r.pct_of_base * 100) / 100,
      ]),
    ).toEqual(printed.map(([, k, b, v, pct]) => [k, 2009, b, v, pct]));
  });

  it('carries the warning that in 2009 the regions sum to 418 while the Republic row says 416', () => {
    const w = summary.warnings.find(
      (x) => x.check === 'republic_vs_regions' && x.message.startsWith('rd_organisations 2009'),
    );
    expect(w?.message).toMatch(/Republic row says 416, its 16 regions sum to 418/);
  });

  it('says in the run report and the description which indicators each year used', () => {
    const used =
      'Indicators the innovation rating used, by year: ' +
      "2009: rd_organisations; the activity group is not in the inputs, so scores are partial (the other group's score). " +
      '2010-2013: rd_organisations, researchers_per_million, rd_expenditure_pct_grp; ' +
      "the activity group is not in the inputs, so scores are partial (the other group's score). " +
      '2014-2021: researchers_per_million, rd_expenditure_pct_grp; ' +
      "the activity group is not in the inputs, so scores are partial (the other group's score). " +
      '2022: rd_organisations, researchers_per_million, rd_expenditure_pct_grp, innovation_active_enterprises_pct, ' +
      'innovative_products_pct_grp, innovation_expenditure_pct_grp. ' +
      '2023: researchers_per_million, rd_expenditure_pct_grp; ' +
      "the activity group is not in the inputs, so scores are partial (the other group's score).";
    expect(messages).toContain(used);
    expect(pkg.description).toContain(used);
    expect(pkg.description).not.toContain('rd_efficiency has no rows');
  });

  it('marks every year but 2022 partial (the activity group is unpublished) and never invents an activity score', async () => {
    const r = await readParquet<{ year: number; n: number; partial: number; activity: number }>(
      latest(out, 'innovation_rating'),
      `SELECT year, count(*)::INTEGER AS n, count(*) FILTER (WHERE partial AND missing_group = 'activity')::INTEGER AS partial,
              count(activity_score)::INTEGER AS activity FROM t GROUP BY year ORDER BY year`,
    );
    expect(r.map((x) => x.year)).toEqual(Array.from({ length: 15 }, (_, i) => 2009 + i));
    for (const x of r)
      expect(x, String(x.year)).toMatchObject(
        x.year === 2022 ? { n: 20, partial: 0, activity: 20 } : { partial: x.n, activity: 0 },
      );
  });

  it('2009 has only R&D organisations, 1 of 3 conditions indicators: no score, with the reason', async () => {
    const r = await readParquet<{ region_kato: string; score: number | null; reason: string }>(
      latest(out, 'innovation_rating'),
      'SELECT region_kato, score, reason FROM t WHERE year = 2009',
    );
    expect(r).toHaveLength(16);
    for (const x of r) {
      expect(x.score).toBeNull();
      expect(x.reason).toBe(
        'conditions group: 1 of 3 indicators (rd_organisations), fewer than 50 % of them',
      );
    }
  });

  it('2012: the 16 regions ranked on the conditions group, the Republic left out', async () => {
    const r = await readParquet<{ region_kato: string; rank: number; class: string }>(
      latest(out, 'innovation_rating'),
      'SELECT region_kato, rank, class FROM t WHERE year = 2012 ORDER BY rank',
    );
    expect(r).toHaveLength(16);
    expect(r.map((x) => x.region_kato)).not.toContain('000000000');
    expect(r.map((x) => x.rank)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(r[0]!.region_kato).toBe('750000000'); // city of Almaty, first in the paper too
  });

  it('2021 is rated on the 2022 borders: researchers of the three regions split in 2022 are not mixed in', async () => {
    const r = await readParquet<{ region_kato: string; boundary_vintage: string; score: number | null }>(
      latest(out, 'innovation_rating'),
      'SELECT region_kato, boundary_vintage, score FROM t WHERE year = 2021 AND score IS NULL ORDER BY region_kato',
    );
    // Abai, Almaty Region, Zhetisu, Karaganda, Ulytau, East Kazakhstan
    expect(r.map((x) => x.region_kato)).toEqual([
      '100000000',
      '190000000',
      '330000000',
      '350000000',
      '620000000',
      '630000000',
    ]);
    expect(new Set(r.map((x) => x.boundary_vintage))).toEqual(new Set(['2022']));
    expect(messages).toContain(
      'innovation_rating 2021: researchers_per_million of Almaty Region, Karaganda Region, East Kazakhstan Region not used: on the 2018 borders, while the 2021 rating is on the 2022 borders, where this region covers other land',
    );
  });

  it('records the parameters in the datapackage', () => {
    expect(pkg.kzstat.parameters).toEqual({
      normalisation: 'per_year',
      weight_conditions: 0.5,
      weight_activity: 0.5,
      min_group_coverage: 0.5,
      threshold_high: 80,
      threshold_above_medium: 60,
      threshold_medium: 40,
      threshold_low: 20,
      eris_leader: 125,
      eris_strong: 100,
      eris_moderate: 70,
      base_year: null,
      treatment: 'none',
      winmax: 5,
      skew_threshold: 2,
      kurtosis_threshold: 3.5,
      normalisation_method: 'minmax',
      goalposts: {},
      targets: {},
      aggregation: 'arithmetic',
      uncertainty_draws: 200,
      uncertainty_seed: 1,
      weight_range: 0.25,
      weights: {},
    });
  });

  it('a second run is fully cached, still reports the warnings and publishes nothing', async () => {
    const again = await runJson(['run', 'innovation', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const s = again.summary;
    expectNothingNew(s);
    expect(s.warnings.map((w) => w.message)).toEqual(messages);
  });
});
