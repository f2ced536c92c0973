import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { editBulletin, insertColumn, readBulletin } from '../fixtures/bulletins.ts';
import { bundled, copyOfRaw, expectNothingNew, runJson, tempDir } from '../helpers/cli.ts';
import { latest, readParquet } from './helpers.ts';

/**
 * The 2022 innovation rating of the default run, checked against an
 * independent computation in plain TypeScript from the same cells: the two
 * bulletins read here with SheetJS directly (not through kzstat's reader),
 * the SDG platform's CSV files and the processed regional GRP, each read by
 * this test. No expected score is typed in.
 */

/** A tiny CSV reader for the bundled files (no quoted commas in the columns read here). */
async function csvRows(file: string): Promise<Record<string, string>[]> {
  const [head, ...lines] = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

/** Kazakh labels of the bulletins -> KATO, from the registry's Kazakh names ("Абай облысы", "Астана қ."). */
async function kazakhLabels(): Promise<Map<string, string>> {
  const regions = await csvRows(fromRoot('registry', 'regions.csv'));
  const out = new Map<string, string>();
  for (const r of regions) {
    const name = r.name_kk!.replace(/ облысы$/, '').replace(/ қ\.$/, ' қаласы');
    out.set(name, r.kato!);
  }
  return out;
}

/** Column `col` of the rows labelled in column A of a bulletin sheet, by KATO (the Republic left out). */
function byRegion(wb: XLSX.WorkBook, sheet: string, col: string, labels: Map<string, string>) {
  const ws = wb.Sheets[sheet]!;
  const out = new Map<string, number>();
  for (let r = 1; r <= 60; r++) {
    const label = ws[`A${r}`]?.v;
    if (typeof label !== 'string') continue;
    const kato = labels.get(label.replace(/\s+/g, ' ').trim());
    if (kato && kato !== '000000000') out.set(kato, ws[`${col}${r}`]!.v as number);
  }
  return out;
}

async function sdg2022(file: string, aliases: Record<string, string>[]): Promise<Map<string, number>> {
  const code = new Map(aliases.filter((a) => a.kind === 'sdg').map((a) => [a.alias!, a.kato!]));
  const out = new Map<string, number>();
  for (const r of await csvRows(bundled('sdg', file)))
    if (r.Year === '2022' && r.REF_AREA && code.has(r.REF_AREA))
      out.set(code.get(r.REF_AREA)!, Number(r.Value));
  return out;
}

function minMax(values: Map<string, number>): Map<string, number> {
  const xs = [...values.values()];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return new Map([...values].map(([k, v]) => [k, hi === lo ? 50 : ((v - lo) / (hi - lo)) * 100]));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the 2022 rating from the BNS bulletins, against an independent computation from the same cells', async () => {
  const out = await tempDir();
  const run = await runJson(['run', 'innovation', '--offline', '--out', out]);
  const pkg = JSON.parse(await readFile(path.join(out, 'innovation', 'latest', 'datapackage.json'), 'utf8'));
  const published = await readParquet<{
    region_kato: string;
    score: number;
    conditions_score: number;
    activity_score: number;
    assessment: string;
    class: string;
    rank: number;
    coverage: number;
    partial: boolean;
    expenditure_measure: string;
  }>(latest(out, 'innovation_rating'), 'SELECT * FROM t WHERE year = 2022 ORDER BY region_kato');

  // ---- the independent computation
  const labels = await kazakhLabels();
  const aliases = await csvRows(fromRoot('registry', 'region_aliases.csv'));
  const innovation = await readBulletin('innovation');
  const rd = await readBulletin('rd');
  const processed = new Map(aliases.filter((a) => a.kind === 'processed').map((a) => [a.alias!, a.kato!]));
  const grp = new Map<string, number>();
  for (const r of await csvRows(bundled('bns_processed', 'grp_nominal_by_region.csv')))
    if (r.date === '2022-12-31' && r.item_code === 'GDP' && processed.get(r.region!) !== '000000000')
      grp.set(processed.get(r.region!)!, Number(r.value));
  const share = (money: Map<string, number>) =>
    new Map([...money].map(([k, v]) => [k, (v / grp.get(k)!) * 100]));
  const conditions = [
    byRegion(rd, '36', 'C', labels), // organisations engaged in R&D
    await sdg2022('indicator_9-5-2.csv', aliases), // researchers per million
    await sdg2022('indicator_9-5-1.csv', aliases), // R&D expenditure, % of GRP (published)
  ].map(minMax);
  const activity = [
    byRegion(innovation, '1', 'D', labels), // level of innovation activity, %
    share(byRegion(innovation, '7', 'B', labels)), // innovative products / GRP
    share(byRegion(innovation, '9', 'B', labels)), // expenditure on innovation / GRP
  ].map(minMax);
  const regions = [...conditions[0]!.keys()].sort();
  const expected = regions.map((k) => {
    const c = mean(conditions.map((m) => m.get(k)!));
    const a = mean(activity.map((m) => m.get(k)!));
    return { region_kato: k, conditions_score: c, activity_score: a, score: (c + a) / 2 };
  });
  const rankOf = (s: number) => 1 + expected.filter((e) => e.score > s + 1e-9).length;
  const classOf = (s: number) => (s >= 80 ? 'A' : s >= 40 ? 'B' : s >= 20 ? 'C' : 'D');

  it('runs offline and publishes', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('the independent computation covers the 20 regions with all six indicators', () => {
    expect(regions).toHaveLength(20);
    for (const m of [...conditions, ...activity]) expect(m.size).toBe(20);
    expect(grp.size).toBe(20);
  });

  it('rates all 20 regions on both groups: not partial, full coverage', () => {
    expect(published).toHaveLength(20);
    for (const p of published) expect(p, p.region_kato).toMatchObject({ partial: false, coverage: 100 });
  });

  it('gives the scores, classes and ranks of the independent computation', () => {
    expect(published.map((p) => p.region_kato)).toEqual(regions);
    for (const [i, p] of published.entries()) {
      const e = expected[i]!;
      expect(p.conditions_score, p.region_kato).toBeCloseTo(e.conditions_score, 9);
      expect(p.activity_score, p.region_kato).toBeCloseTo(e.activity_score, 9);
      expect(p.score, p.region_kato).toBeCloseTo(e.score, 9);
      expect(p.class, p.region_kato).toBe(classOf(e.score));
      expect(p.rank, p.region_kato).toBe(rankOf(e.score));
    }
  });

  it('points every computed share at the two cells it divides', async () => {
    const r = await readParquet<{ source: string }>(
      latest(out, 'rating_inputs'),
      `SELECT source FROM t WHERE year = 2022 AND region_kato = '590000000' AND indicator = 'innovative_products_pct_grp'`,
    );
    expect(r[0]?.source).toMatch(
      /^bns_bulletins\/innovation_activity_2022_kk\.xls#'7'!B19 \/ bns_processed\/grp_nominal_by_region\.csv#row \d+$/,
    );
  });

  it('records the expenditure measure of each year: technological innovation to 2021, innovation from 2022', async () => {
    const r = await readParquet<{ year: number; m: string }>(
      latest(out, 'innovation_rating'),
      'SELECT DISTINCT year, expenditure_measure AS m FROM t ORDER BY year',
    );
    for (const x of r)
      expect(x.m, String(x.year)).toBe(
        x.year <= 2021 ? 'tech_innovation_expenditure_pct_grp' : 'innovation_expenditure_pct_grp',
      );
    expect(new Set(published.map((p) => p.expenditure_measure))).toEqual(
      new Set(['innovation_expenditure_pct_grp']),
    );
  });

  it('states the break in the series in the run report and the datapackage description', () => {
    const note = run.summary.warnings.find((w) => w.message.startsWith('Break in the series'));
    expect(note?.message).toMatch(
      /tech_innovation_expenditure_pct_grp .* up to 2021 and innovation_expenditure_pct_grp .* from 2022/,
    );
    expect(pkg.description).toContain(note!.message);
    const rating = pkg.resources.find((r: { name: string }) => r.name === 'innovation_rating');
    expect(rating.description).toMatch(/a break in the series, recorded in expenditure_measure/);
  });

  it('records each layout declaration among the inputs, beside the workbook it describes', async () => {
    const sidecar = await readFile(bundled('bns_bulletins', 'rd_main_indicators_2022_kk.layout.json'));
    const { createHash } = await import('node:crypto');
    expect(pkg.kzstat.inputs).toContainEqual({
      path: 'bns_bulletins/rd_main_indicators_2022_kk.layout.json',
      sha256: createHash('sha256').update(sidecar).digest('hex'),
      bytes: sidecar.length,
      describes: 'bns_bulletins/rd_main_indicators_2022_kk.xls',
    });
  });

  it('gives rd_efficiency for the 20 regions of 2022 from the published Republic totals', async () => {
    const r = await readParquet<{ n: number; derived: number }>(
      latest(out, 'rd_efficiency'),
      `SELECT count(efficiency)::INTEGER AS n, count(*) FILTER (WHERE innovative_products_total_derived OR rd_expenditure_total_derived)::INTEGER AS derived
       FROM t WHERE year = 2022`,
    );
    expect(r[0]).toEqual({ n: 20, derived: 0 });
  });

  it('a second run publishes nothing', async () => {
    const again = await runJson(['run', 'innovation', '--offline', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expectNothingNew(again.summary);
  });

  it('a bulletin whose declared column moved: exit 3 naming sheet and cell, nothing published', async () => {
    const raw = await copyOfRaw();
    await editBulletin(path.join(raw, 'bns_bulletins'), 'innovation', (wb) => insertColumn(wb, '7', 1));
    const before = await readlink(path.join(out, 'innovation', 'latest'));
    const r = await runJson(['run', 'innovation', '--offline', '--raw', raw, '--out', out]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /bns_bulletins\/innovation_activity_2022_kk\.xls '7'!B3: expected the header of innovative_products 'Инновациялық өнім көлемі, барлығы', found an empty cell \(that text is now in C3: has the column moved\?\)/,
    );
    expect(r.summary.published).toEqual([]);
    expect(await readlink(path.join(out, 'innovation', 'latest'))).toBe(before);
  });
});
