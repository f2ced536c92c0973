import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { datapackageSchema } from '../../src/publish/datapackage.ts';
import { expectNothingNew, runCli, runJson, tempDir } from '../helpers/cli.ts';
import { table } from './helpers.ts';

/*
 * The real files bundled for trade: the BNS partner files (2020-2025) and monthly totals (2019-2025),
 * WITS / UN Comtrade by product (2015-2024) and the Atlas's world trade (thousand USD).
 */
describe('kzstat run trade on the bundled files', async () => {
  const out = await tempDir('kzstat-trade-bundled-');
  const first = await runCli(['run', 'trade', '--offline', '--out', out, '--json']);
  const summary = first.stdout ? runSummary.parse(JSON.parse(first.stdout)) : undefined;

  it('publishes the trade dataset', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(summary!.published.map((p) => p.dataset)).toEqual(['trade']);
  });

  it('keys partners on the ISO code and keeps the name the BNS printed that year', async () => {
    const rows = await table<{ period: string; note: string; value_usd: number }>(
      out,
      'trade_by_partner',
      'period, note, value_usd',
      "partner = 'BIH' AND flow = 'export' AND period IN ('2020', '2021')",
    );
    // data/raw/trade/kz_exports_by_partner.csv rows 231 and 42
    expect(rows).toEqual([
      { period: '2020', note: 'Босния и Герцеговина', value_usd: 111.97252 },
      { period: '2021', note: 'Босния И Герцеговина', value_usd: 2230.49627 },
    ]);
  });

  it("Russia's share of imports in 2021: 17,605,534.2 of the published 41,415,435.5 thousand USD", async () => {
    const [ru] = await table<{ value_usd: number; share_pct: number; total_source: string }>(
      out,
      'trade_by_partner',
      'value_usd, share_pct, total_source',
      "partner = 'RUS' AND flow = 'import' AND period = '2021'",
    );
    expect(ru!.value_usd).toBe(17605534.20124);
    expect(ru!.share_pct).toBeCloseTo(42.5097, 3);
    expect(ru!.total_source).toBe('published');
    // the 190 partners of the BNS file add up to the twelve published months
    const [totals] = await table<Record<string, number | string>>(
      out,
      'trade_totals',
      'partners, total_source, published_usd, difference_pct, published_source',
      "period = '2021' AND flow = 'import'",
    );
    expect(totals).toMatchObject({ partners: 190, total_source: 'published' });
    expect(totals!.published_usd).toBeCloseTo(41415435.4697, 4);
    expect(Math.abs(totals!.difference_pct as number)).toBeLessThan(1e-9);
    expect(totals!.published_source).toBe(
      'trade_products/bns_totals/imports_monthly_thousand_usd.csv row 26 to row 37 (sum of 12 months)',
    );
  });

  it('published totals of a year are the sums of the BNS months (2019-2025); before 2019 the run report says there is none', async () => {
    const rows = await table<{ period: string; total_source: string }>(
      out,
      'trade_totals',
      'period, total_source',
      "flow = 'export' AND period_type = 'year'",
    );
    expect(rows.map((r) => [r.period, r.total_source])).toEqual([
      ['2015', 'sum of products'],
      ['2016', 'sum of products'],
      ['2017', 'sum of products'],
      ['2018', 'sum of products'],
      ...['2019', '2020', '2021', '2022', '2023', '2024', '2025'].map((y) => [y, 'published']),
    ]);
    const w = summary!.warnings.filter((x) => x.check === 'totals_vs_published').map((x) => x.message);
    expect(w).toContainEqual(
      expect.stringMatching(
        /^export 2015, 2016, 2017, 2018: no published total in the inputs .* of the sum of products/,
      ),
    );
  });

  it('blocs of 2024: SCO without Belarus (joined 4 July), CIS and far abroad add up to the world', async () => {
    const rows = await table<{ bloc: string; members: number | null; share_pct: number }>(
      out,
      'trade_by_bloc',
      'bloc, members, share_pct',
      "period = '2024' AND flow = 'export' AND bloc IN ('sco', 'cis', 'far_abroad', 'eaeu')",
    );
    expect(rows.map((r) => [r.bloc, r.members])).toEqual([
      ['cis', 9],
      ['eaeu', 4],
      ['far_abroad', 240],
      ['sco', 8],
    ]);
    const cis = rows.find((r) => r.bloc === 'cis')!.share_pct;
    const far = rows.find((r) => r.bloc === 'far_abroad')!.share_pct;
    expect(cis + far).toBeCloseTo(100, 9);
  });

  // Trade by product: UN Comtrade through WITS (2015-2024), against the BNS's monthly totals (2019-2025).
  const annual = async <T extends Record<string, unknown>>(name: string, select: string, where = 'true') =>
    table<T>(out, name, select, `period_type = 'year' AND ${where}`);

  it('non_resource_exports, material_flows, revealed_comparative_advantage and trade_by_product have 2015-2024', async () => {
    const years = Array.from({ length: 10 }, (_, i) => 2015 + i);
    for (const name of [
      'non_resource_exports',
      'material_flows',
      'revealed_comparative_advantage',
      'trade_by_product',
    ])
      expect(
        (await annual<{ year: number }>(name, 'DISTINCT year')).map((r) => r.year),
        name,
      ).toEqual(years);
  });

  it('2020-2022 are incomplete with their coverage (Comtrade 41.9 / 53.1 / 76.1 bn USD of exports against the BNS 47.5 / 60.3 / 84.6)', async () => {
    const rows = await annual<{
      period: string;
      flow: string;
      products_usd: number;
      published_usd: number | null;
      product_coverage_pct: number | null;
      complete: boolean | null;
    }>(
      'product_coverage',
      'period, flow, products_usd, published_usd, product_coverage_pct, complete',
      "partner = '_T'",
    );
    const bn = (x: number | null) => (x === null ? null : Math.round(x / 1e5) / 10);
    const of = (flow: string, period: string) => rows.find((r) => r.flow === flow && r.period === period)!;
    expect(
      ['2020', '2021', '2022'].map((y) => [
        bn(of('export', y).products_usd),
        bn(of('export', y).published_usd),
      ]),
    ).toEqual([
      [41.9, 47.5],
      [53.1, 60.3],
      [76.1, 84.6],
    ]);
    expect(
      ['2020', '2021', '2022'].map((y) => [
        bn(of('import', y).products_usd),
        bn(of('import', y).published_usd),
      ]),
    ).toEqual([
      [22.1, 38.9],
      [27.7, 41.4],
      [30.9, 50.9],
    ]);
    const flags = (flow: string) => rows.filter((r) => r.flow === flow).map((r) => [r.period, r.complete]);
    const expected = [
      ...['2015', '2016', '2017', '2018'].map((y) => [y, null]),
      ['2019', true],
      ['2020', false],
      ['2021', false],
      ['2022', false],
      ['2023', true],
      ['2024', true],
    ];
    expect(flags('export')).toEqual(expected);
    expect(flags('import')).toEqual(expected);
    expect(of('export', '2020').product_coverage_pct).toBeCloseTo(88.08, 2);
    expect(of('import', '2020').product_coverage_pct).toBeCloseTo(56.76, 2);
    // every table built on products carries them
    const nre = await annual<{ period: string; product_coverage_pct: number; complete: boolean }>(
      'non_resource_exports',
      'period, product_coverage_pct, complete',
      "period IN ('2020', '2023')",
    );
    expect(nre.map((r) => [r.period, r.complete])).toEqual([
      ['2020', false],
      ['2023', true],
    ]);
    expect(nre[0]!.product_coverage_pct).toBeCloseTo(88.08, 2);
    const flows = await annual<{ complete: boolean }>(
      'material_flows',
      'DISTINCT complete',
      "period = '2021'",
    );
    expect(flows).toEqual([{ complete: false }]);
    const rca = await annual<{ complete: boolean }>(
      'revealed_comparative_advantage',
      'DISTINCT complete',
      "period = '2022'",
    );
    expect(rca).toEqual([{ complete: false }]);
  });

  it('the run report names the incomplete years', () => {
    const w = summary!.warnings.filter((x) => x.check === 'product_coverage').map((x) => x.message);
    expect(w).toEqual([
      expect.stringMatching(/^export: .* in 2020 88\.1 %, 2021 88\.0 %, 2022 90\.0 % .*complete = false/),
      expect.stringMatching(/^import: .* in 2020 56\.8 %, 2021 67\.0 %, 2022 60\.7 % .*complete = false/),
    ]);
  });

  it('crude oil (HS 2709) by product equals the BNS series: 26.773 bn USD in 2015, 42.879 against 42.885 in 2024', async () => {
    const rows = await annual<{ period: string; value_usd: number; published_usd: number | null }>(
      'trade_by_product',
      'period, value_usd, published_usd',
      "flow = 'export' AND product = '2709' AND period IN ('2015', '2022', '2024')",
    );
    expect(rows[0]).toEqual({
      period: '2015',
      value_usd: 26773012.92,
      published_usd: expect.closeTo(26773012.92, 2),
    });
    // September 2022 is missing in the BNS series: no annual figure, and the run report says so
    expect(rows[1]).toEqual({ period: '2022', value_usd: 46920647.039, published_usd: null });
    expect(rows[2]!.value_usd).toBe(42878761.295);
    expect(rows[2]!.published_usd).toBeCloseTo(42885132.388, 2);
    expect(summary!.warnings.map((x) => x.message)).toContain(
      'export HS 2709 2022: no published figure for the year to compare with (the published months are incomplete; other years have one)',
    );
  });

  it('RCA by chapter against the Atlas (HS 1992); headings of the two editions are not compared', async () => {
    const chapters = await annual<{ period: string; product: string; rca: number }>(
      'revealed_comparative_advantage',
      'period, product, rca',
      "hs_digits = 2 AND product = '27' AND period IN ('2019', '2024')",
    );
    // mineral fuels: over half of Kazakhstan's exports, about a tenth of the world's
    expect(chapters.map((c) => c.period)).toEqual(['2019', '2024']);
    for (const c of chapters) expect(c.rca).toBeGreaterThan(4);
    const headings = await annual<{ n: number; with_rca: number; reason: string }>(
      'revealed_comparative_advantage',
      'count(*)::INTEGER AS n, count(rca)::INTEGER AS with_rca, any_value(reason) AS reason',
      'hs_digits = 4',
    );
    expect(headings[0]!.n).toBeGreaterThan(9000);
    expect(headings[0]!.with_rca).toBe(0);
    expect(headings[0]!.reason).toMatch(
      /^an HS 2012 heading against world exports in HS 1992: .*no concordance/,
    );
  });

  it('blocs are incomplete where only China is given by partner (exports 2015-2019)', async () => {
    const rows = await annual<{ period: string; complete: boolean }>(
      'trade_by_bloc',
      'period, complete',
      "flow = 'export' AND bloc = 'sco'",
    );
    expect(rows.map((r) => [r.period, r.complete])).toEqual([
      ...['2015', '2016', '2017', '2018', '2019'].map((y) => [y, false]),
      ...['2020', '2021', '2022', '2023', '2024', '2025'].map((y) => [y, true]),
    ]);
  });

  it('China by product: coverage of the BNS figure for China', async () => {
    const rows = await annual<{
      period: string;
      product_coverage_pct: number | null;
      complete: boolean | null;
    }>(
      'trade_by_partner_product',
      'DISTINCT period, product_coverage_pct, complete',
      "partner = 'CHN' AND flow = 'export' AND period IN ('2019', '2020', '2024')",
    );
    expect(rows.map((r) => [r.period, r.complete])).toEqual([
      ['2019', null],
      ['2020', false],
      ['2024', true],
    ]);
    expect(rows[1]!.product_coverage_pct).toBeCloseTo(72.57, 2);
  });

  it('import dependence stays empty, and the dataset says why', async () => {
    expect(await table(out, 'import_dependence', 'count(*)::INTEGER AS n')).toEqual([{ n: 0 }]);
    const dp = datapackageSchema.parse(
      JSON.parse(await readFile(path.join(out, 'trade', 'latest', 'datapackage.json'), 'utf8')),
    );
    expect(dp.description).toMatch(/import_dependence has no rows: it needs production by product/);
    expect(dp.resources.find((r) => r.name === 'import_dependence')?.kzstat?.not_computed).toMatchObject({
      indicators: ['production'],
      reason: expect.stringMatching(/the inputs have no production$/),
    });
  });

  it('a second run is fully cached and publishes nothing', async () => {
    const again = await runJson(['run', 'trade', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const s = again.summary;
    expectNothingNew(s);
  });
});
