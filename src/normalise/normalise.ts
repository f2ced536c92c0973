import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Db, lit } from '../core/duckdb.ts';
import { inputErrorFrom, PROBLEMS_PER_FILE, type Problem } from '../core/errors.ts';
import { failpoint } from '../core/failpoint.ts';
import { fromRoot } from '../core/paths.ts';
import { parsePeriod } from '../core/periods.ts';
import { readerFor } from '../readers/index.ts';
import { createStagedTable } from '../readers/staged.ts';
import type { InputFile } from '../readers/types.ts';

/**
 * Raw files -> the `observations` and `revisions` tables in DuckDB. Readers
 * append what they find to `staged`; the SQL in src/normalise/sql/ resolves,
 * validates and de-duplicates it set-wise. Every problem of every file is
 * gathered before the run is refused (up to a limit per file).
 */
export interface NormaliseResult {
  /** milliseconds per step, for --verbose and the benchmarks */
  timings: Record<string, number>;
  rows: number;
  revisions: number;
  rowsByInput: Record<string, number>;
  warnings: string[];
}

export const normaliseSqlFiles = [
  'resolve.sql',
  'declared_recodings.sql',
  'boundary_vintage.sql',
  'deduplicate.sql',
].map((f) => fromRoot('src', 'normalise', 'sql', f));

async function runSqlFile(db: Db, file: string): Promise<void> {
  await db.run(await readFile(file, 'utf8'));
}

export const OBSERVATION_COLUMNS = `indicator, region_kato, period, industry, partner, product, flow,
  value, unit, status, source, period_type, year, period_start, period_end, boundary_vintage, region_label, note`;

/** Normalises `inputs` and writes `observations.parquet` and `revisions.parquet` into `outDir`. */
export async function normalise(db: Db, inputs: InputFile[], outDir: string): Promise<NormaliseResult> {
  const scratchDir = outDir;
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (step: string) => {
    timings[step] = (timings[step] ?? 0) + Date.now() - t0;
    t0 = Date.now();
  };
  await createStagedTable(db);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const rowsByInput: Record<string, number> = {};
  const relations: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const reader = await readerFor(input.reader);
    if (!reader) {
      problems.push({ file: input.pointer, message: `no reader for ${input.reader} files in this version` });
      continue;
    }
    const result = await reader(input, { db, scratchDir, tag: `i${i}` });
    if (result.relation) relations.push(result.relation);
    rowsByInput[input.pointer] = result.rows;
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    lap(`read ${input.reader}`);
  }
  // Every row as the files gave it: the table the workbook and Taldau readers filled, and the views of
  // the CSV files, less the rows a source manifest leaves out (a known error of the source).
  await db.run(`CREATE OR REPLACE TEMP TABLE skipped (source VARCHAR, locator VARCHAR, reason VARCHAR)`);
  for (const input of inputs)
    for (const skip of input.skip ?? [])
      await db.run('INSERT INTO skipped VALUES ($source, $locator, $reason)', {
        source: input.pointer,
        locator: skip.where,
        reason: skip.reason,
      });
  await db.run(`CREATE OR REPLACE TEMP VIEW staged_all AS
    SELECT s.* FROM (${['SELECT * FROM staged', ...relations.map((r) => `SELECT * FROM ${r}`)].join(' UNION ALL ')}) s
    ANTI JOIN skipped k ON k.source = s.source AND k.locator = s.locator`);
  const skips = await db.all<{ source: string; locator: string; reason: string; found: number }>(`
    SELECT k.source, k.locator, k.reason, count(s.source)::INTEGER AS found
    FROM skipped k LEFT JOIN (${['SELECT source, locator FROM staged', ...relations.map((r) => `SELECT source, locator FROM ${r}`)].join(' UNION ALL ')}) s
      ON s.source = k.source AND s.locator = k.locator
    GROUP BY ALL ORDER BY ALL`);
  for (const k of skips) {
    if (k.found === 0)
      warnings.push(`${k.source}: nothing at ${k.locator} to leave out (has the file changed?)`);
    else {
      warnings.push(`${k.source} ${k.locator} left out: ${k.reason}`);
      rowsByInput[k.source] = (rowsByInput[k.source] ?? 0) - k.found;
    }
  }
  lap('skips');

  failpoint('normalise:staged');
  await runSqlFile(db, fromRoot('src', 'normalise', 'sql', 'labels.sql'));
  lap('labels');
  await buildPeriodMap(db);
  // resolve.sql joins the rows (left) to small lookup maps (right), so the hash tables are built on the
  // maps. DuckDB estimates a CSV view at a few dozen rows and would swap the sides, building a hash
  // table of every row of the extract (a quarter of the step's time at two million rows).
  await db.run(`SET disabled_optimizers = 'build_side_probe_side'`);
  try {
    await runSqlFile(db, normaliseSqlFiles[0]!);
  } finally {
    await db.run('RESET disabled_optimizers');
  }
  lap('resolve');
  const found = await rowProblems(db);
  lap('problems');
  if (problems.length || found.problems.length) {
    const totals = new Map<string, number>();
    for (const p of problems) totals.set(p.file, (totals.get(p.file) ?? 0) + 1);
    for (const [file, n] of found.totals) totals.set(file, (totals.get(file) ?? 0) + n);
    throw inputErrorFrom([...problems, ...found.problems], undefined, totals);
  }

  await db.run('CREATE OR REPLACE TEMP TABLE input_files (source VARCHAR, path VARCHAR, sha256 VARCHAR)');
  for (const input of inputs)
    await db.run('INSERT INTO input_files VALUES ($source, $path, $sha256)', {
      source: input.pointer,
      path: input.path,
      sha256: input.sha256,
    });
  // A declaration for a file at its declared place whose content has changed does not apply: say so.
  const stale = await db.all<{ source: string; sha256: string; declared: string }>(`
    SELECT DISTINCT f.source, f.sha256, r.sha256 AS declared FROM input_files f JOIN recodings r ON r.file = f.source
    WHERE f.sha256 <> r.sha256 AND f.sha256 NOT IN (SELECT sha256 FROM recodings) ORDER BY ALL`);
  for (const s of stale)
    warnings.push(
      `${s.source}: registry/recodings.csv declares a re-coding for this file with sha256 ${s.declared.slice(0, 12)}, but it now has ${s.sha256.slice(0, 12)} (another edition?): not applied; its labels are read as they are`,
    );

  // What the files said is only needed to word problems; from here on it is dead weight in memory.
  await db.run(
    `DROP VIEW staged_all; ${relations.map((r) => `DROP VIEW ${r};`).join(' ')} DROP TABLE staged;`,
  );
  for (const file of normaliseSqlFiles.slice(1)) {
    await runSqlFile(db, file);
    lap(path.basename(file, '.sql'));
  }
  const duplicates = await db.all<{ source: string; locator: string; problem: string }>(
    `SELECT source, locator, problem FROM duplicate_problems ORDER BY source, locator`,
  );
  if (duplicates.length)
    throw inputErrorFrom(duplicates.map((d) => ({ file: d.source, where: d.locator, message: d.problem })));

  // Each row takes the boundary vintage of its table and period (src/normalise/sql/boundary_vintage.sql),
  // or, for a region that does not exist on those borders, the newest vintage it exists in. Written
  // straight to Parquet in key order: the table never has to exist whole in memory.
  const observationsFile = path.join(outDir, 'observations.parquet');
  await db.run(`COPY (
    SELECT k.indicator, k.region_kato, k.period, k.industry, k.partner, k.product, k.flow, k.value, k.unit, k.status,
           k.source || '#' || k.locator AS source, k.period_type, k.year, k.period_start, k.period_end,
           CASE WHEN r.kato IS NULL OR list_contains(r.vintages, t.vintage) THEN t.vintage ELSE list_max(r.vintages) END
             AS boundary_vintage,
           k.region_label, k.note
    FROM kept k
    JOIN table_vintage t ON t.source = k.source AND t.indicator = k.indicator AND t.period = k.period
      AND t.industry IS NOT DISTINCT FROM k.industry AND t.partner IS NOT DISTINCT FROM k.partner
      AND t.product IS NOT DISTINCT FROM k.product AND t.flow IS NOT DISTINCT FROM k.flow
    LEFT JOIN regions r ON r.kato = k.region_kato
    ORDER BY k.indicator, k.region_kato, k.period, k.industry NULLS FIRST, k.partner NULLS FIRST, k.product NULLS FIRST, k.flow NULLS FIRST
  ) TO ${lit(observationsFile)} (FORMAT parquet, COMPRESSION zstd)`);
  await db.run(`DROP TABLE normalised;
    CREATE OR REPLACE VIEW observations AS SELECT * FROM read_parquet(${lit(observationsFile)})`);
  // ordered by its key, as every published table is
  await db.run(`COPY (SELECT * FROM revisions ORDER BY indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST,
                product NULLS FIRST, flow NULLS FIRST, superseded_source)
     TO ${lit(path.join(outDir, 'revisions.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
  lap('observations');

  const remapped = await db.all<{ source: string; n: number; note: string }>(`
    SELECT split_part(source, '#', 1) AS source, count(*)::INTEGER AS n, min(regexp_extract(note, 'label .*')) AS note
    FROM observations WHERE note LIKE '%label ''%read as%as the source declares%' GROUP BY ALL ORDER BY source`);
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
  lap('report');
  return {
    timings,
    rows: await db.value<number>('SELECT count(*)::INTEGER FROM observations'),
    revisions,
    rowsByInput,
    warnings,
  };
}

/** Distinct period labels parsed once each; the result joins onto the data in DuckDB. */
async function buildPeriodMap(db: Db): Promise<void> {
  const labels = await db.all<{ period_raw: string }>(
    "SELECT period_raw FROM labels WHERE kind = 'period' AND period_raw IS NOT NULL",
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
  if (!(await db.value<boolean>('SELECT count(*) > 0 FROM normalised WHERE bad')))
    return { problems: [], totals: new Map() };
  await runSqlFile(db, fromRoot('src', 'normalise', 'sql', 'problems.sql'));
  const rows = await db.all<{ source: string; locator: string; problem: string }>(`
    SELECT source, locator, problem FROM (
      SELECT *, row_number() OVER (PARTITION BY source ORDER BY line NULLS LAST, locator) AS k FROM row_problems)
    WHERE k <= ${PROBLEMS_PER_FILE + 1} ORDER BY source, k`);
  const counts = await db.all<{ source: string; n: number }>(
    'SELECT source, count(*)::INTEGER AS n FROM row_problems GROUP BY source',
  );
  return {
    problems: rows.map((r) => ({ file: r.source, where: r.locator, message: r.problem })),
    totals: new Map(counts.map((c) => [c.source, c.n])),
  };
}
