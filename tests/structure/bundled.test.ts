import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { type RunSummary, runSummary } from '../../src/engine/run-summary.ts';
import { datapackageSchema } from '../../src/publish/datapackage.ts';
import { bundled, expectNothingNew, runCli, runJson, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * The structure pipeline on the bundled BNS data: the real GRP, population
 * and GVA series, checked against what the BNS and Taskarayeva et al. (2023) publish.
 */
describe('structure on the bundled data', () => {
  let out: string;
  let summary: RunSummary;
  const table = (name: string) =>
    `read_parquet(${lit(path.join(out, 'structure', 'latest', `${name}.parquet`))})`;

  beforeAll(async () => {
    out = await tempDir('kzstat-structure-bundled-');
    const r = await runCli(['run', 'structure', '--offline', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    summary = runSummary.parse(JSON.parse(r.stdout));
  });

  it('keeps the preliminary 2023 GDP of the workbook as a revision of the newer processed series, and says so', async () => {
    const rows = await query(
      `SELECT region_kato, value, superseded_value, source, superseded_source, vintage, superseded_vintage
       FROM ${table('revisions')} WHERE indicator = 'grp' AND period = '2023' AND region_kato = '000000000'`,
    );
    expect(rows).toEqual([
      {
        region_kato: '000000000',
        value: 119442289.7,
        superseded_value: 120561096.4,
        source: 'bns_processed/grp_nominal_by_region.csv',
        superseded_source: 'bns/gross_regional_product_en.xlsx',
        vintage: '2026',
        superseded_vintage: '2024',
      },
    ]);
    // Every region's 2023 was revised; no other year differs between the two files.
    const years = await query<{ period: string; n: number }>(
      `SELECT period, count(*)::INTEGER AS n FROM ${table('revisions')} WHERE indicator = 'grp' GROUP BY period`,
    );
    expect(years).toEqual([{ period: '2023', n: 21 }]);
    expect(summary.warnings.map((w) => w.message)).toContain(
      '21 values of bns/gross_regional_product_en.xlsx are revised by the newer bns_processed/grp_nominal_by_region.csv (kept in the revisions table)',
    );
    const gdp = await query(
      `SELECT grp, grp_status FROM ${table('grp_per_capita')} WHERE region_kato = '000000000' AND year = 2023`,
    );
    expect(gdp).toEqual([{ grp: 119442289.7, grp_status: null }]);
  });

  it('GRP per capita 2022 against Taskarayeva et al. (BNS figures printed before the BNS revised the 2022 GRP)', async () => {
    const published = bundled('reference', 'published_figures.csv');
    const rows = await query<{
      region: string;
      published: number;
      computed: number;
      rank: number;
      diff: number;
    }>(
      `SELECT p.region_or_partner AS region, p.value AS published, round(g.grp_per_capita, 1) AS computed, g.rank,
              round((g.grp_per_capita / p.value - 1) * 100, 2) AS diff
       FROM read_csv(${lit(published)}, all_varchar = false) p
       JOIN read_csv(${lit(fromRoot('registry', 'regions.csv'))}, all_varchar = true) r ON r.name_en = p.region_or_partner
       JOIN ${table('grp_per_capita')} g ON g.region_kato = r.kato AND g.year = 2022
       WHERE p.figure = 'grp_per_capita' ORDER BY g.rank`,
    );
    // GRP (processed series, = the workbook's 2022) * 1000 / annual average population 2022.
    // The seed's ranks are reproduced (1-3 and the last three of 20); the levels differ by up to 2.8 %,
    // the size of the revisions of the regional GRP between the seed's preliminary 2022 and today's.
    expect(rows).toEqual([
      { region: 'Atyrau Region', published: 20541.2, computed: 19974.1, rank: 1, diff: -2.76 },
      { region: 'city of Almaty', published: 8944.8, computed: 8985.6, rank: 2, diff: 0.46 },
      { region: 'city of Astana', published: 7881.9, computed: 8053.9, rank: 3, diff: 2.18 },
      { region: 'Zhambyl Region', published: 2264.8, computed: 2212.2, rank: 18, diff: -2.32 },
      { region: 'Zhetisu Region', published: 1985.9, computed: 2042.1, rank: 19, diff: 2.83 },
      { region: 'Turkestan Region', published: 1666.6, computed: 1671.8, rank: 20, diff: 0.31 },
    ]);
    // Atyrau by hand: 13,725,399.8 million tenge / 687,160 persons = 19,974.1 thousand tenge.
    const atyrau = await query(
      `SELECT grp, population, population_method FROM ${table('grp_per_capita')} WHERE region_kato = '230000000' AND year = 2022`,
    );
    expect(atyrau).toEqual([{ grp: 13725399.8, population: 687160, population_method: 'annual average' }]);
    expect(Math.round((13725399.8 / 687160) * 1000 * 10) / 10).toBe(19974.1);
  });

  it('the two population sources agree on the 2022 borders (annual average = mean of 1 January 2022 and 2023)', async () => {
    const rows = await query(
      `SELECT population FROM ${table('grp_per_capita')} WHERE region_kato = '000000000' AND year = 2022`,
    );
    // population workbook: 19,503,159 (1 Jan 2022) and 19,766,807 (1 Jan 2023)
    expect(rows).toEqual([{ population: (19503159 + 19766807) / 2 }]);
  });

  it('South Kazakhstan 2011-2017 keeps its own per-capita figure but is never ranked or added to its successors', async () => {
    const south = await query<{ year: number; older_borders: boolean; rank: number | null; method: string }>(
      `SELECT year, older_borders, rank, population_method AS method FROM ${table('grp_per_capita')}
       WHERE region_kato = '510000000' AND year BETWEEN 2011 AND 2017 ORDER BY year`,
    );
    expect(south).toHaveLength(7);
    for (const s of south) {
      expect(s.older_borders).toBe(true);
      expect(s.rank).toBeNull();
      expect(s.method).toBe('annual average, sum of the parts on newer borders');
    }
    // Its population is Turkestan's + Shymkent's annual average (both on 2022 borders, the only ones given).
    const sum = await query(
      `SELECT (SELECT population FROM ${table('grp_per_capita')} WHERE region_kato = '510000000' AND year = 2015) -
              (SELECT sum(population) FROM ${table('grp_per_capita')} WHERE region_kato IN ('610000000', '790000000') AND year = 2015) AS gap`,
    );
    expect(sum).toEqual([{ gap: 0 }]);
    const shares = await query<{ year: number; regions: number; total: number; south: number }>(
      `SELECT year, count(*)::INTEGER AS regions, round(sum(share_pct), 9) AS total,
              count(*) FILTER (WHERE region_kato = '510000000')::INTEGER AS south
       FROM ${table('shares_of_gdp')} WHERE year IN (2010, 2015, 2020, 2022) GROUP BY year ORDER BY year`,
    );
    expect(shares).toEqual([
      { year: 2010, regions: 16, total: 100, south: 1 },
      { year: 2015, regions: 17, total: 100, south: 0 },
      { year: 2020, regions: 17, total: 100, south: 0 },
      { year: 2022, regions: 20, total: 100, south: 0 },
    ]);
  });

  it('shares of GDP 2022 (Taskarayeva et al.: Almaty 18.5 %, Zhetisu 1.3 %)', async () => {
    const rows = await query(
      `SELECT region_kato, round(share_pct, 2) AS share, rank FROM ${table('shares_of_gdp')}
       WHERE year = 2022 AND region_kato IN ('750000000', '330000000') ORDER BY rank`,
    );
    // Almaty agrees to the printed digit; Zhetisu's 1.38 % is after the revision of its 2022 GRP.
    expect(rows).toEqual([
      { region_kato: '750000000', share: 18.46, rank: 1 },
      { region_kato: '330000000', share: 1.38, rank: 20 },
    ]);
  });

  it('computes no industry indices for 2010-2013, whose section breakdown is incomplete, and reads placeholders as missing', async () => {
    const coverage = await query(
      `SELECT year, used FROM ${table('gva_coverage')} WHERE year <= 2014 ORDER BY year`,
    );
    expect(coverage).toEqual([
      { year: 2010, used: false },
      { year: 2011, used: false },
      { year: 2012, used: false },
      { year: 2013, used: false },
      { year: 2014, used: true },
    ]);
    const years = await query(
      `SELECT min(year) AS first, max(year) AS last, count(DISTINCT industry)::INTEGER AS sections FROM ${table('location_quotients')}`,
    );
    expect(years).toEqual([{ first: 2014, last: 2025, sections: 20 }]);
    const messages = summary.warnings.map((w) => w.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^gva: 27 zeros of 510000000 in 2011-2013 \(sections I,K,M,N,O,P,Q,R,S\) are placeholders/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/no industry indices .* for 2010 \(77\.9 %\), 2011 \(73\.6 %\)/),
    );
    // and the tables say which years they leave out, and why, in their descriptors and the run report
    const pkg = datapackageSchema.parse(
      JSON.parse(await readFile(path.join(out, 'structure', 'latest', 'datapackage.json'), 'utf8')),
    );
    for (const name of ['location_quotients', 'specialisation', 'cluster_candidates'])
      expect(pkg.resources.find((r) => r.name === name)?.kzstat?.years_left_out, name).toEqual({
        years: [2010, 2011, 2012, 2013],
        reason: expect.stringContaining('cover less than the parameter min_gva_coverage_pct of GDP'),
      });
    expect(summary.warnings.filter((w) => w.check === 'years left out').map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^structure\.location_quotients has no rows for 2010–2013: /),
    );
  });

  it('estimates the diversification regression of Taskarayeva et al. on region fixed effects', async () => {
    const rows = await query<{
      model: string;
      term: string;
      n_obs: number;
      n_entities: number;
      df_resid: number;
    }>(
      `SELECT model, term, n_obs, n_entities, df_resid, first_year, last_year, time_effects FROM ${table('resilience_panel')} ORDER BY model, term`,
    );
    expect(rows.map((r) => `${r.model}: ${r.term}`)).toEqual([
      'entropy: entropy',
      'entropy + ln_population: entropy',
      'entropy + ln_population: ln_population',
      'hhi + ln_population: hhi',
      'hhi + ln_population: ln_population',
    ]);
    // 2014-2025; 17 regions on 2018 borders, 20 on 2022 borders: 17 unchanged + Turkestan and Shymkent
    // run through, Almaty, Karaganda and East Kazakhstan regions are two territories each, Abai,
    // Zhetisu and Ulytau one: 23 entities, 7 * 17 + 5 * 20 = 219 region-years.
    expect(rows[0]).toMatchObject({
      n_obs: 219,
      n_entities: 23,
      first_year: 2014,
      last_year: 2025,
      time_effects: true,
    });
  });

  it('a second run is fully cached and publishes nothing', async () => {
    const again = await runJson(['run', 'structure', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const s = again.summary;
    expectNothingNew(s);
  });
});
