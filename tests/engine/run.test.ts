import { readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { sha256File } from '../../src/core/hash.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { bundled, expectNothingNew, runCli, runJson, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

describe('kzstat run on the bundled data', async () => {
  const out = await tempDir();
  const first = await runCli(['run', 'observations', '--offline', '--out', out, '--json']);

  it('publishes observations and exits 0', () => {
    expect(first.code, first.stderr).toBe(0);
    const summary = runSummary.parse(JSON.parse(first.stdout));
    expect(summary.status).toBe('ok');
    expect(summary.published.map((p) => p.dataset)).toEqual(['observations']);
    expect(summary.pipelines[0]!.stages.map((s) => s.status)).toEqual(['ran', 'ran', 'ran', 'ran', 'ran']);
  });

  it('holds the bundled figures where the sources put them', async () => {
    const file = path.join(out, 'observations', 'latest', 'observations', '*.parquet');
    const rows = await query<{
      indicator: string;
      region_kato: string;
      period: string;
      value: number;
      status: string | null;
    }>(
      `SELECT indicator, region_kato, period, value, status FROM read_parquet(${lit(file)})
       WHERE (indicator = 'population' AND region_kato = '000000000' AND period IN ('2022', '2023'))
          OR (indicator = 'grp' AND region_kato = '000000000' AND period = '2023')
          OR (indicator = 'rd_organisations' AND region_kato = '110000000' AND period = '2013')
       ORDER BY ALL`,
    );
    expect(rows).toEqual([
      // The processed BNS series (vintage 2026) revises the workbook's preliminary 120,561,096.4.
      {
        indicator: 'grp',
        region_kato: '000000000',
        period: '2023',
        value: expect.closeTo(119442289.7, 1),
        status: null,
      },
      { indicator: 'population', region_kato: '000000000', period: '2022', value: 19503159, status: null },
      { indicator: 'population', region_kato: '000000000', period: '2023', value: 19766807, status: null },
      { indicator: 'rd_organisations', region_kato: '110000000', period: '2013', value: 12, status: null },
    ]);
    const revised = await query<{ superseded_value: number; superseded_source: string }>(
      `SELECT superseded_value, superseded_source FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'revisions.parquet'))})
       WHERE indicator = 'grp' AND region_kato = '000000000' AND period = '2023'`,
    );
    expect(revised).toEqual([
      {
        superseded_value: expect.closeTo(120561096.4, 1),
        superseded_source: 'bns/gross_regional_product_en.xlsx',
      },
    ]);
    const indicators = await query<{ indicator: string }>(
      `SELECT DISTINCT indicator FROM read_parquet(${lit(file)}) ORDER BY 1`,
    );
    expect(indicators.map((i) => i.indicator)).toEqual(
      expect.arrayContaining([
        'population',
        'grp',
        'rd_organisations',
        'rd_expenditure_pct_grp',
        'researchers_per_million',
      ]),
    );
  });

  it('writes a datapackage whose bytes and sha256 match the files', async () => {
    const dir = path.join(out, 'observations', 'latest');
    const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
    expect(pkg.name).toBe('observations');
    for (const r of pkg.resources) {
      // a table in parts lists each part with its bytes and sha256
      for (const f of r.files ?? [r]) {
        const file = path.join(dir, f.path);
        expect(f.bytes).toBe((await stat(file)).size);
        expect(f.hash).toBe(`sha256:${await sha256File(file)}`);
      }
      expect(r.schema.fields.length).toBeGreaterThan(3);
    }
    expect(pkg.kzstat.inputs.map((i: { path: string }) => i.path)).toContain(
      'bns/gross_regional_product_en.xlsx',
    );
    for (const i of pkg.kzstat.inputs) expect(i.sha256).toBe(await sha256File(bundled(i.path)));
    // every data file is a source; a bulletin's layout declaration is an input that describes one
    const data = pkg.kzstat.inputs.filter((i: { describes?: string }) => !i.describes);
    expect(pkg.sources.map((s: { file: string }) => s.file)).toEqual(
      data.map((i: { path: string }) => i.path),
    );
    expect(pkg.kzstat.inputs.length - data.length).toBe(2);
  });

  it('points latest at the version it published', async () => {
    const summary = runSummary.parse(JSON.parse(first.stdout));
    expect(await readlink(path.join(out, 'observations', 'latest'))).toBe(summary.published[0]!.version);
  });

  it('warns where the regions do not add up to the Republic (Kireeva, table 1, 2009: 418 against 416)', () => {
    const summary = runSummary.parse(JSON.parse(first.stdout));
    const w = summary.warnings.find((x) => x.message.startsWith('rd_organisations 2009'));
    expect(w?.message).toMatch(/Republic row says 416.*sum to 418/);
  });

  it('a second run reports every stage cached and publishes nothing', async () => {
    const again = await runJson(['run', 'observations', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const summary = again.summary;
    expectNothingNew(summary);
    const versions = await runCli(['versions', 'observations', '--out', out, '--json']);
    expect(JSON.parse(versions.stdout).versions).toHaveLength(1);
  });

  it('--force re-runs every stage but publishes no version with the same content', async () => {
    const forced = await runCli(['run', 'observations', '--offline', '--out', out, '--force', '--json']);
    const summary = runSummary.parse(JSON.parse(forced.stdout));
    expect(summary.pipelines[0]!.stages.map((s) => s.status)).toEqual(['ran', 'ran', 'ran', 'ran', 'ran']);
    expect(summary.published).toEqual([]);
  });
});
