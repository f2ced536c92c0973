import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Db, lit, parquetOptions } from '../core/duckdb.ts';
import { PROBLEMS_PER_FILE, type Problem } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import { parsePeriod } from '../core/periods.ts';
import type { Lap } from '../core/step-timer.ts';
import { readerFor } from '../readers/index.ts';
import { createStagedTable } from '../readers/staged.ts';
import type { InputFile } from '../readers/types.ts';

/**
 * Raw files -> their normalised rows, one Parquet file per input: read,
 * resolved against the small lookup tables (src/normalise/sql/resolve.sql),
 * checked set-wise, re-coded where the source declares it and given their
 * boundary vintage. Nothing here depends on another input, so each input's
 * rows can be kept and reused while the input is unchanged; the inputs of one
 * call are still resolved together, in one pass, however many there are.
 * Inputs whose indicators overlap are de-duplicated together afterwards (normalise.ts).
 */
export interface ResolveJob {
  input: InputFile;
  /** where its rows go: the published columns (OBSERVATION_COLUMNS), in the published order */
  rowsFile: string;
  /** key-value metadata for the rows file's footer: what a published part must say of itself */
  footer?: Record<string, string>;
}

export interface InputRows {
  rows: number;
  warnings: string[];
  /** every indicator of its rows, sorted: inputs that share none cannot share a key, so need no de-duplication together */
  indicatorIds: string[];
  /** the publication date its reader gave its rows (one per input), which decides revisions between inputs */
  vintage: string | null;
}

export interface Resolved {
  /** rows and warnings of each input, by pointer */
  byInput: Map<string, InputRows>;
  /** every problem found; when there is any, no rows file was written */
  problems: Problem[];
  totals: Map<string, number>;
}

/** The order of the published observations (their key). */
export const OBSERVATION_ORDER =
  'indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST, product NULLS FIRST, flow NULLS FIRST';

const sqlFile = (name: string) => fromRoot('src', 'normalise', 'sql', `${name}.sql`);

async function runSqlFile(db: Db, file: string): Promise<void> {
  await db.run(await readFile(file, 'utf8'));
}

type RowsOf = (pointer: string) => InputRows;

export async function resolveInputs(
  db: Db,
  jobs: ResolveJob[],
  scratchDir: string,
  lap: Lap,
): Promise<Resolved> {
  const byInput = new Map<string, InputRows>(
    jobs.map((j) => [j.input.pointer, { rows: 0, warnings: [], indicatorIds: [], vintage: null }]),
  );
  const of: RowsOf = (pointer) => byInput.get(pointer)!;
  // What the readers copy or decode, and the resolved rows: read while the inputs are normalised, then gone.
  const scratch = path.join(scratchDir, '.scratch');
  await mkdir(scratch, { recursive: true });
  try {
    await createStagedTable(db);
    const { relations, problems } = await readInputs(db, jobs, scratch, of, lap);
    await stageLessSkips(db, jobs, relations, of);
    lap('skips');
    const resolvedFile = path.join(scratch, 'resolved.parquet');
    return { byInput, ...(await resolveAndWrite(db, jobs, relations, problems, resolvedFile, of, lap)) };
  } finally {
    await db.run(
      'DROP VIEW IF EXISTS normalised; DROP VIEW IF EXISTS resolved; DROP TABLE IF EXISTS table_vintage;',
    );
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The staged rows resolved, checked, re-coded where declared, given their vintage, and written per input. */
async function resolveAndWrite(
  db: Db,
  jobs: ResolveJob[],
  relations: string[],
  problems: Problem[],
  resolvedFile: string,
  of: RowsOf,
  lap: Lap,
): Promise<Omit<Resolved, 'byInput'>> {
  await resolveRows(db, resolvedFile, lap);
  const found = await rowProblems(db);
  lap('problems');
  // What the files said is only needed to word problems; from here on it is dead weight in memory.
  await db.run(
    `DROP VIEW resolving; DROP VIEW staged_all; ${relations.map((r) => `DROP VIEW ${r};`).join(' ')} DROP TABLE staged;`,
  );
  if (problems.length || found.problems.length) {
    const totals = new Map<string, number>();
    for (const p of problems) totals.set(p.file, (totals.get(p.file) ?? 0) + 1);
    for (const [file, n] of found.totals) totals.set(file, (totals.get(file) ?? 0) + n);
    return { problems: [...problems, ...found.problems], totals };
  }
  await warnStaleRecodings(db, jobs, of);
  for (const name of ['declared_recodings', 'boundary_vintage']) {
    await runSqlFile(db, sqlFile(name));
    lap(name);
  }
  const duplicates = await duplicatesWithinInputs(db);
  lap('deduplicate');
  if (duplicates.length) return { problems: duplicates, totals: new Map() };
  for (const r of await db.all<{ source: string; ids: string[]; vintage: string | null }>(
    'SELECT source, list(DISTINCT indicator ORDER BY indicator) AS ids, max(vintage) AS vintage FROM normalised GROUP BY source',
  )) {
    of(r.source).indicatorIds = r.ids;
    of(r.source).vintage = r.vintage;
  }
  await writeRows(db, jobs);
  lap('rows');
  return { problems: [], totals: new Map() };
}

/**
 * Each input through its reader: the workbook and Taldau readers fill the `staged` table, the CSV
 * readers give a view over the file where it lies (one of `relations`).
 */
async function readInputs(
  db: Db,
  jobs: ResolveJob[],
  scratchDir: string,
  of: RowsOf,
  lap: Lap,
): Promise<{ relations: string[]; problems: Problem[] }> {
  const relations: string[] = [];
  const problems: Problem[] = [];
  for (const [i, { input }] of jobs.entries()) {
    const reader = await readerFor(input.reader);
    if (!reader) {
      problems.push({ file: input.pointer, message: `no reader for ${input.reader} files in this version` });
      continue;
    }
    const result = await reader(input, { db, scratchDir, tag: `i${i}` });
    if (result.relation) relations.push(result.relation);
    of(input.pointer).rows = result.rows;
    of(input.pointer).warnings.push(...result.warnings);
    problems.push(...result.problems);
    lap(`read ${input.reader}`);
  }
  return { relations, problems };
}

/**
 * `staged_all`: every row as the files gave it, less the rows a source manifest leaves out (a known
 * error of the source). A skip that matches nothing is a warning: the file may have changed.
 */
async function stageLessSkips(db: Db, jobs: ResolveJob[], relations: string[], of: RowsOf): Promise<void> {
  const all = ['SELECT * FROM staged', ...relations.map((r) => `SELECT * FROM ${r}`)].join(' UNION ALL ');
  await db.run(`CREATE OR REPLACE TEMP TABLE skipped (source VARCHAR, locator VARCHAR, reason VARCHAR)`);
  for (const { input } of jobs)
    for (const skip of input.skip ?? [])
      await db.run('INSERT INTO skipped VALUES ($source, $locator, $reason)', {
        source: input.pointer,
        locator: skip.where,
        reason: skip.reason,
      });
  await db.run(`CREATE OR REPLACE TEMP VIEW staged_all AS
    SELECT s.* FROM (${all}) s ANTI JOIN skipped k ON k.source = s.source AND k.locator = s.locator`);
  if (!jobs.some((j) => j.input.skip?.length)) return;
  const skips = await db.all<{ source: string; locator: string; reason: string; found: number }>(`
    SELECT k.source, k.locator, k.reason, count(s.source)::INTEGER AS found
    FROM skipped k LEFT JOIN (${all.replaceAll('SELECT *', 'SELECT source, locator')}) s
      ON s.source = k.source AND s.locator = k.locator
    GROUP BY ALL ORDER BY ALL`);
  for (const k of skips) {
    if (k.found === 0)
      of(k.source).warnings.push(`${k.source}: nothing at ${k.locator} to leave out (has the file changed?)`);
    else {
      of(k.source).warnings.push(`${k.source} ${k.locator} left out: ${k.reason}`);
      of(k.source).rows -= k.found;
    }
  }
}

/**
 * `resolved`: every staged row joined to its region, period, unit and catalogue entry, bad rows flagged,
 * written once to `file` and read from there (`normalised` is the same until re-codings are joined on).
 * The rows go to a file rather than a table: held in memory they took most of DuckDB's memory limit,
 * and the sorted write after them then ran on one thread and spilled.
 */
async function resolveRows(db: Db, file: string, lap: Lap): Promise<void> {
  await runSqlFile(db, sqlFile('labels'));
  lap('labels');
  await buildPeriodMap(db);
  // resolve.sql joins the rows (left) to small lookup maps (right), so the hash tables are built on the
  // maps. DuckDB estimates a CSV view at a few dozen rows and would swap the sides, building a hash
  // table of every row of the extract (a quarter of the step's time at two million rows).
  await db.run(`SET disabled_optimizers = 'build_side_probe_side'`);
  try {
    await runSqlFile(db, sqlFile('resolve'));
    // Which check a row fails is asked of `resolving` again, and only if a row fails one (rowProblems).
    await db.run(`COPY (SELECT * EXCLUDE (${CHECK_FLAGS.join(', ')}) FROM resolving)
      TO ${lit(file)} (FORMAT parquet, COMPRESSION snappy)`);
  } finally {
    await db.run('RESET disabled_optimizers');
  }
  await db.run(`CREATE OR REPLACE TEMP VIEW resolved AS SELECT * FROM read_parquet(${lit(file)});
    CREATE OR REPLACE TEMP VIEW normalised AS SELECT * FROM resolved;`);
  lap('resolve');
}

/** A declaration for a file at its declared place whose content has changed does not apply: say so. */
async function warnStaleRecodings(db: Db, jobs: ResolveJob[], of: RowsOf): Promise<void> {
  await db.run('CREATE OR REPLACE TEMP TABLE input_files (source VARCHAR, path VARCHAR, sha256 VARCHAR)');
  for (const { input } of jobs)
    await db.run('INSERT INTO input_files VALUES ($source, $path, $sha256)', {
      source: input.pointer,
      path: input.path,
      sha256: input.sha256,
    });
  const stale = await db.all<{ source: string; sha256: string; declared: string }>(`
    SELECT DISTINCT f.source, f.sha256, r.sha256 AS declared FROM input_files f JOIN recodings r ON r.file = f.source
    WHERE f.sha256 <> r.sha256 AND f.sha256 NOT IN (SELECT sha256 FROM recodings) ORDER BY ALL`);
  for (const s of stale)
    of(s.source).warnings.push(
      `${s.source}: registry/recodings.csv declares a re-coding for this file with sha256 ${s.declared.slice(0, 12)}, but it now has ${s.sha256.slice(0, 12)} (another edition?): not applied; its labels are read as they are`,
    );
}

/**
 * Two rows of one file with the same key are an error found here, once per input, so that inputs
 * whose indicators no other input has are never de-duplicated again (normalise.ts).
 */
async function duplicatesWithinInputs(db: Db): Promise<Problem[]> {
  await runSqlFile(db, sqlFile('deduplicate'));
  const duplicates = await db.all<{ source: string; locator: string; problem: string }>(
    `SELECT source, locator, problem FROM duplicate_problems ORDER BY source, locator`,
  );
  await db.run(
    'DROP VIEW kept; DROP VIEW same_key; DROP TABLE dup_rows; DROP TABLE dup_keys; DROP TABLE duplicate_problems; DROP TABLE revisions;',
  );
  return duplicates.map((d) => ({ file: d.source, where: d.locator, message: d.problem }));
}

/**
 * Each input's rows, in the published layout and order: the file an input is normalised into is the one
 * the pipeline's observations are made of (normalise.ts links it in), so its rows are written and sorted
 * once. Each row takes the boundary vintage of its table and period (src/normalise/sql/boundary_vintage.sql),
 * or, for a region that does not exist on those borders, the newest vintage it exists in.
 */
async function writeRows(db: Db, jobs: ResolveJob[]): Promise<void> {
  const select = `
    SELECT n.indicator, n.region_kato, n.period, n.industry, n.partner, n.product, n.flow, n.value, n.unit, n.status,
           n.source || '#' || n.locator AS source, n.period_type, n.year, n.period_start, n.period_end,
           CASE WHEN r.kato IS NULL OR list_contains(r.vintages, t.vintage) THEN t.vintage ELSE list_max(r.vintages) END
             AS boundary_vintage,
           n.region_label, n.note
    FROM normalised n
    JOIN table_vintage t ON t.source = n.source AND t.indicator = n.indicator AND t.period = n.period
      AND t.industry IS NOT DISTINCT FROM n.industry AND t.partner IS NOT DISTINCT FROM n.partner
      AND t.product IS NOT DISTINCT FROM n.product AND t.flow IS NOT DISTINCT FROM n.flow
    LEFT JOIN regions r ON r.kato = n.region_kato`;
  for (const { input, rowsFile, footer } of jobs)
    await db.run(
      `COPY (${select} WHERE n.source = ${lit(input.pointer)} ORDER BY ${OBSERVATION_ORDER})
       TO ${lit(rowsFile)} (${parquetOptions(footer)})`,
    );
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

/** The columns of `resolving` (resolve.sql) that say which check a row fails, and what problems.sql words them with. */
const CHECK_FLAGS = [
  'indicator_ok',
  'region_ok',
  'period_ok',
  'not_future',
  'unit_ok',
  'value_issue',
  'industry_ok',
  'partner_ok',
  'product_ok',
  'flow_ok',
  'catalogue_unit',
];

async function rowProblems(db: Db): Promise<{ problems: Problem[]; totals: Map<string, number> }> {
  if (!(await db.value<boolean>('SELECT count(*) > 0 FROM resolved WHERE bad')))
    return { problems: [], totals: new Map() };
  // the staged rows are resolved once more, on the way to refusing them: the flagged rows with all their flags
  await db.run('CREATE OR REPLACE TEMP TABLE bad_rows AS SELECT * FROM resolving WHERE bad');
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
