import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSynthetic, rewriteWorkbook, SYNTHETIC_SOURCE } from '../../bench/generate.ts';
import { Db, lit } from '../../src/core/duckdb.ts';
import { sha256File } from '../../src/core/hash.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * The bench's generator of SYNTHETIC data (bench/generate.ts) at a tiny size:
 * 2 indicators x 230 territories x 3 months. Its files must be what kzstat
 * reads, labelled synthetic everywhere, and the same on every run. No timing
 * is asserted here: timings are `npm run bench`'s business.
 */
describe('bench data generator (SYNTHETIC, tiny size)', async () => {
  const dir = await tempDir('kzstat-bench-gen-');
  const opts = { dir: path.join(dir, 'a'), indicators: 2, periods: 3, settlementYears: 1 };
  const files = await generateSynthetic(opts);
  const db = await Db.open();
  afterAll(() => db.close());
  const csv = (file: string) =>
    `read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;

  it('writes 2 indicators x 230 territories x 3 months, the workbook and the index inputs', () => {
    expect(files.observations).toBe(2 * 230 * 3);
    expect(files.workbookCells).toBe(230 * 3);
    // gross value added in 21 OKED sections and the 6 rating indicators, one year
    expect(files.indexInputRows).toBe((21 + 6) * 230);
    expect(files.workbookIndicator).toBe('synthetic_003');
    // 21 sections for each of the 12,986 settlements of registry/kato.csv and the Republic
    expect(files.settlementGvaRows).toBe(21 * (12986 + 1));
  });

  it('is a tidy CSV of the 230 territories of the KATO classifier (oblasts, districts, the Republic) and the last months to 2024-M12', async () => {
    const header = (await readFile(files.observationsCsv, 'utf8')).split('\n')[0];
    expect(header).toBe('indicator,region,period,value,unit,status,source');
    const r = await db.one<{ regions: number; periods: string; indicators: string; unknown: number }>(`
      SELECT count(DISTINCT region)::INTEGER AS regions,
             string_agg(DISTINCT period, ',' ORDER BY period) AS periods,
             string_agg(DISTINCT indicator, ',' ORDER BY indicator) AS indicators,
             count(*) FILTER (WHERE region <> '000000000' AND region NOT IN (
               SELECT kato FROM read_csv(${lit(fromRoot('registry', 'kato.csv'))}, header = true, all_varchar = true)
               WHERE level IN ('oblast', 'district')))::INTEGER AS unknown
      FROM ${csv(files.observationsCsv)}`);
    expect(r).toEqual({
      regions: 230,
      periods: '2024-M10,2024-M11,2024-M12',
      indicators: 'synthetic_001,synthetic_002',
      unknown: 0,
    });
  });

  it('labels every row, every catalogue entry and the folder SYNTHETIC', async () => {
    for (const f of [files.observationsCsv, files.indexInputsCsv, files.settlementGvaCsv!]) {
      const bad = await db.value<number>(
        `SELECT count(*) FILTER (WHERE source IS DISTINCT FROM ${lit(SYNTHETIC_SOURCE)})::INTEGER FROM ${csv(f)}`,
      );
      expect(bad, f).toBe(0);
      expect(path.basename(f)).toMatch(/^synthetic-/);
    }
    expect(SYNTHETIC_SOURCE).toMatch(/SYNTHETIC/);
    const catalog = await db.all<{ id: string; description: string; unit: string }>(
      `SELECT id, description, unit FROM ${csv(files.catalogCsv)} ORDER BY id`,
    );
    expect(catalog.map((c) => c.id)).toEqual(['synthetic_001', 'synthetic_002', 'synthetic_003']);
    for (const c of catalog) expect(c.description).toMatch(/^SYNTHETIC .*not official statistics/);
    const units = await db.all<{ unit: string }>(`SELECT unit FROM ${csv(fromRoot('catalog', 'units.csv'))}`);
    for (const c of catalog) expect(units.map((u) => u.unit)).toContain(c.unit);
    expect(await readFile(files.readme, 'utf8')).toMatch(
      /^# SYNTHETIC benchmark data: not official statistics/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files.workbook);
    expect(String(wb.worksheets[0]!.getCell('A1').value)).toMatch(/^SYNTHETIC .*not official statistics/);
  });

  it('adds up: the Republic is the sum of the oblasts, an oblast the sum of its districts (additive indicators)', async () => {
    const gaps = await db.all(`
      WITH d AS (SELECT indicator, region, period, value::DOUBLE AS value FROM ${csv(files.observationsCsv)} WHERE indicator = 'synthetic_001'),
      oblast AS (SELECT * FROM d WHERE region LIKE '__0000000' AND region <> '000000000')
      SELECT o.period, o.region FROM oblast o
      JOIN d ON d.period = o.period AND d.region LIKE substr(o.region, 1, 2) || '%' AND d.region <> o.region
      GROUP BY o.period, o.region, o.value HAVING sum(d.value) IS DISTINCT FROM o.value AND count(d.value) = count(*)
      UNION ALL
      SELECT r.period, r.region FROM d r JOIN oblast o ON o.period = r.period
      WHERE r.region = '000000000' GROUP BY r.period, r.region, r.value HAVING sum(o.value) <> r.value`);
    expect(gaps).toEqual([]);
  });

  it('gives the same bytes on every run (a seeded hash, not random())', async () => {
    const again = await generateSynthetic({ ...opts, dir: path.join(dir, 'b') });
    expect(await sha256File(again.observationsCsv)).toBe(await sha256File(files.observationsCsv));
    expect(await sha256File(again.indexInputsCsv)).toBe(await sha256File(files.indexInputsCsv));
    expect(await sha256File(again.settlementGvaCsv!)).toBe(await sha256File(files.settlementGvaCsv!));
  });

  it('a revised workbook differs from the first in exactly one value', async () => {
    const revised = path.join(dir, 'c');
    await generateSynthetic({ ...opts, dir: revised });
    await rewriteWorkbook({ ...opts, dir: revised, variant: 1 });
    const cells = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const out: string[] = [];
      wb.worksheets[0]!.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          out.push(`${r}:${c}=${String(cell.value)}`);
        }),
      );
      return out;
    };
    const a = await cells(files.workbook);
    const b = await cells(path.join(revised, 'synthetic-workbook.xlsx'));
    expect(a.length).toBe(b.length);
    expect(a.filter((x, k) => x !== b[k]).length).toBe(1);
  });

  it('runs through kzstat: every row of the three files is normalised and published, nothing reported', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const out = path.join(dir, 'out');
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      files.observationsCsv,
      '--input',
      `${files.workbookIndicator}=${files.workbook}`,
      '--input',
      files.indexInputsCsv,
      '--catalog',
      files.catalogCsv,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      pipelines: { stages: { name: string; rows?: number }[] }[];
      warnings: { check: string }[];
    };
    const normalise = summary.pipelines[0]!.stages.find((s) => s.name === 'normalise');
    expect(normalise?.rows).toBe(files.observations + files.workbookCells + files.indexInputRows);
    // ratios of merged territories are left out of the harmonised table (a warning of the pipeline, not of the data)
    expect(summary.warnings.map((w) => w.check)).toEqual(['harmonise_refused']);
    const labels = await db.one<{ unlabelled: number }>(`
      SELECT count(*) FILTER (WHERE source NOT LIKE '%synthetic-%')::INTEGER AS unlabelled
      FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})`);
    expect(labels?.unlabelled).toBe(0);
  });
});
