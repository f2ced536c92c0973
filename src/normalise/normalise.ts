import { readFile } from 'node:fs/promises';
import type { Db } from '../db/duckdb.ts';
import { inputErrorFrom, PROBLEMS_PER_FILE, type Problem } from '../engine/errors.ts';
import { failpoint } from '../engine/failpoint.ts';
import { readerFor } from '../readers/index.ts';
import { createStagedTable } from '../readers/staged.ts';
import type { InputFile } from '../readers/types.ts';
import { fromRoot } from '../util/paths.ts';
import { parsePeriod } from './periods.ts';

/**
 * Raw files -> the `observations` and `revisions` tables in DuckDB. Readers
 * append what they find to `staged`; the SQL in sql/normalise/ resolves,
 * validates and de-duplicates it set-wise. Every problem of every file is
 * gathered before the run is refused (up to a limit per file).
 */
export interface NormaliseResult {
  rows: number;
  revisions: number;
  rowsByInput: Record<string, number>;
  warnings: string[];
}

export const normaliseSqlFiles = [
  'resolve.sql',
  'successor_as_parent.sql',
  'boundary_vintage.sql',
  'deduplicate.sql',
].map((f) => fromRoot('sql', 'normalise', f));

async function runSqlFile(db: Db, file: string): Promise<void> {
  await db.run(await readFile(file, 'utf8'));
}

export const OBSERVATION_COLUMNS = `indicator, region_kato, period, industry, partner, product, flow,
  value, unit, status, source, period_type, year, period_start, period_end, boundary_vintage, region_label, note`;

export async function normalise(db: Db, inputs: InputFile[], scratchDir: string): Promise<NormaliseResult> {
  await createStagedTable(db);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const rowsByInput: Record<string, number> = {};
  for (const [i, input] of inputs.entries()) {
    const reader = await readerFor(input.reader);
    if (!reader) {
      problems.push({ file: input.pointer, message: `no reader for ${input.reader} files in this version` });
      continue;
    }
    const result = await reader(input, { db, scratchDir, tag: `i${i}` });
    for (const skip of input.skip ?? []) {
      const where = { source: input.pointer, locator: skip.where };
      const n = await db.value<number>(
        'SELECT count(*)::INTEGER FROM staged WHERE source = $source AND locator = $locator',
        where,
      );
      if (n === 0)
        warnings.push(`${input.pointer}: nothing at ${skip.where} to leave out (has the file changed?)`);
      await db.run('DELETE FROM staged WHERE source = $source AND locator = $locator', where);
      if (n > 0) warnings.push(`${input.pointer} ${skip.where} left out: ${skip.reason}`);
    }
    rowsByInput[input.pointer] = result.rows - (input.skip?.length ?? 0);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
  }

  failpoint('normalise:staged');
  await buildPeriodMap(db);
  await runSqlFile(db, normaliseSqlFiles[0]!);
  const found = await rowProblems(db);
  if (problems.length || found.problems.length) {
    const totals = new Map<string, number>();
    for (const p of problems) totals.set(p.file, (totals.get(p.file) ?? 0) + 1);
    for (const [file, n] of found.totals) totals.set(file, (totals.get(file) ?? 0) + n);
    throw inputErrorFrom([...problems, ...found.problems], undefined, totals);
  }

  for (const file of normaliseSqlFiles.slice(1)) await runSqlFile(db, file);
  const duplicates = await db.all<{ source: string; locator: string; problem: string }>(
    `SELECT source, locator, problem FROM duplicate_problems ORDER BY source, locator`,
  );
  if (duplicates.length)
    throw inputErrorFrom(duplicates.map((d) => ({ file: d.source, where: d.locator, message: d.problem })));

  await db.run(`CREATE OR REPLACE TABLE observations AS
    SELECT indicator, region_kato, period, industry, partner, product, flow, value, unit, status, source || '#' || locator AS source,
           period_type, year, period_start, period_end, boundary_vintage, region_raw AS region_label, note
    FROM ranked WHERE rank = 1
    ORDER BY indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST, product NULLS FIRST, flow NULLS FIRST`);

  const remapped = await db.all<{ source: string; n: number; note: string }>(`
    SELECT split_part(source, '#', 1) AS source, count(*)::INTEGER AS n, min(regexp_extract(note, 'label .*')) AS note
    FROM observations WHERE note LIKE '%label ''%read as%' GROUP BY ALL ORDER BY source`);
  for (const r of remapped) warnings.push(`${r.source}: ${r.n} rows: ${r.note}`);
  const revisions = await db.value<number>('SELECT count(*)::INTEGER FROM revisions');
  if (revisions > 0) {
    const bySource = await db.all<{ source: string; superseded_source: string; n: number }>(
      'SELECT source, superseded_source, count(*)::INTEGER AS n FROM revisions GROUP BY ALL ORDER BY ALL',
    );
    for (const r of bySource)
      warnings.push(
        `${r.n} values of ${r.superseded_source} are revised by the newer ${r.source} (kept in the revisions table)`,
      );
  }
  return {
    rows: await db.value<number>('SELECT count(*)::INTEGER FROM observations'),
    revisions,
    rowsByInput,
    warnings,
  };
}

/** Distinct period labels parsed once each; the result joins onto the data in DuckDB. */
async function buildPeriodMap(db: Db): Promise<void> {
  const labels = await db.all<{ period_raw: string }>(
    'SELECT DISTINCT period_raw FROM staged WHERE period_raw IS NOT NULL',
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE period_map (
    period_raw VARCHAR, period VARCHAR, period_type VARCHAR, year INTEGER, period_start DATE, period_end DATE)`);
  const out = await db.connection.createAppender('period_map');
  for (const { period_raw } of labels) {
    const p = parsePeriod(period_raw);
    if (!p) continue;
    out.appendVarchar(period_raw);
    out.appendVarchar(p.period);
    out.appendVarchar(p.type);
    out.appendInteger(p.year);
    out.appendVarchar(p.start);
    out.appendVarchar(p.end);
    out.endRow();
  }
  out.closeSync();
}

async function rowProblems(db: Db): Promise<{ problems: Problem[]; totals: Map<string, number> }> {
  // Closest known names for each unknown region label, for "did you mean".
  await db.run(`CREATE OR REPLACE TEMP TABLE region_hints AS
    WITH unknown AS (SELECT DISTINCT region_raw FROM normalised WHERE region_kato IS NULL AND region_raw IS NOT NULL),
    scored AS (
      SELECT u.region_raw, r.name_en || ' (' || r.kato || ')' AS name,
             max(jaro_winkler_similarity(fold_label(u.region_raw), a.alias_key)) AS score
      FROM unknown u CROSS JOIN region_aliases a JOIN regions r ON r.kato = a.kato
      GROUP BY ALL),
    ranked AS (SELECT *, row_number() OVER (PARTITION BY region_raw ORDER BY score DESC, name) AS n FROM scored)
    SELECT region_raw, string_agg(name, ', ' ORDER BY n) AS hint FROM ranked WHERE n <= 3 AND score >= 0.8 GROUP BY region_raw`);
  const rows = await db.all<{ source: string; locator: string; problem: string }>(`
    WITH p AS (
      SELECT n.source, n.locator, n.rowid AS rid, TRY_CAST(regexp_extract(n.locator, '^row (d+)$', 1) AS INTEGER) AS line,
             CASE WHEN problem LIKE 'unknown region%' AND h.hint IS NOT NULL THEN problem || '; did you mean ' || h.hint || '?'
                  ELSE problem END AS problem
      FROM (SELECT rowid, *, unnest(problems) AS problem FROM normalised WHERE len(problems) > 0) n
      LEFT JOIN region_hints h ON h.region_raw = n.region_raw)
    SELECT source, locator, problem FROM (
      SELECT *, row_number() OVER (PARTITION BY source ORDER BY line NULLS LAST, locator, rid) AS k FROM p) WHERE k <= ${PROBLEMS_PER_FILE + 1}
    ORDER BY source, k`);
  const counts = await db.all<{ source: string; n: number }>(
    'SELECT source, sum(len(problems))::INTEGER AS n FROM normalised WHERE len(problems) > 0 GROUP BY source',
  );
  return {
    problems: rows.map((r) => ({ file: r.source, where: r.locator, message: r.problem })),
    totals: new Map(counts.map((c) => [c.source, c.n])),
  };
}
