import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Db, ident, lit } from '../src/db/duckdb.ts';
import type { Pipeline, TableSpec } from '../src/engine/pipeline.ts';
import { attachNormalised, setParams, tableContentHash } from '../src/engine/stages/compute.ts';
import { normaliseSqlFiles } from '../src/normalise/normalise.ts';
import { parsePeriod } from '../src/normalise/periods.ts';
import { loadReferenceTables } from '../src/normalise/reference.ts';
import { writeArrowIpc } from '../src/publish/arrow-ipc.ts';
import { duckdbType } from '../src/publish/contract.ts';
import { readerFor } from '../src/readers/index.ts';
import { createStagedTable } from '../src/readers/staged.ts';
import type { InputFile } from '../src/readers/types.ts';
import { sha256File } from '../src/util/hash.ts';
import { fromRoot } from '../src/util/paths.ts';

/**
 * Where the time of `kzstat run observations --input big.csv` goes, step by
 * step, without touching the engine: the same work in the same order in
 * DuckDB, each SQL statement of sql/normalise/*.sql and the pipeline's
 * compute SQL timed on its own with DuckDB's JSON profiler on (latency, peak
 * buffer memory, the costliest operators), the engine's own functions called
 * where they are exported (the tidy-CSV reader, tableContentHash,
 * writeArrowIpc, sha256File), and the few engine queries that are not
 * exported (src/normalise/normalise.ts: the period map, the row-problem
 * scan, the final observations table; src/engine/stages/check.ts: the
 * generic checks; src/publish/publish.ts: the Parquet copy) written out here
 * as they are in the engine at the time of writing. The stage totals of the
 * real run (--json) are the reference; this breaks them down. One pass: it is
 * as slow as the run itself.
 *
 *   node --import tsx bench/profile.ts --csv big.csv --catalog synthetic-catalog.csv --work DIR [--memory-limit 1.5GB]
 *
 * --memory-limit sets DuckDB's memory_limit (the engine sets none), to see
 * what the same steps cost when DuckDB must spill to its temporary folder.
 *
 * Prints one JSON line; each statement's full DuckDB profile goes to DIR/profiles/.
 */
const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    catalog: { type: 'string' },
    work: { type: 'string' },
    // DuckDB's memory_limit for every database opened here (the engine sets none: DuckDB's default is 80 % of RAM)
    'memory-limit': { type: 'string' },
  },
});
if (!values.csv || !values.catalog || !values.work)
  throw new Error('usage: profile.ts --csv FILE --catalog FILE --work DIR');
const work = path.resolve(values.work);
const profiles = path.join(work, 'profiles');
await rm(work, { recursive: true, force: true });
await mkdir(profiles, { recursive: true });
const catalogs = [path.resolve(values.catalog)];

interface StepTiming {
  stage: string;
  step: string;
  ms: number;
  /** DuckDB's peak buffer memory during the statement (profiler), MiB */
  bufferMiB?: number;
  /** the costliest operators: name, seconds summed over threads, rows out */
  operators?: { name: string; s: number; rows: number }[];
  /** the process's peak resident memory so far, after the step, MiB */
  peakRssMiB?: number;
  /** the JavaScript heap in use after the step, MiB */
  heapMiB?: number;
}
const steps: StepTiming[] = [];
/** Memory after a step: where the process's peak happened, and how much of it is JavaScript's. */
function memory(): Pick<StepTiming, 'peakRssMiB' | 'heapMiB'> {
  return {
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}
let seq = 0;

interface ProfileNode {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  system_peak_buffer_memory?: number;
  children?: ProfileNode[];
}

function flatten(n: ProfileNode, out: { name: string; s: number; rows: number }[] = []) {
  if (n.operator_name)
    out.push({ name: n.operator_name, s: n.operator_timing ?? 0, rows: n.operator_cardinality ?? 0 });
  for (const c of n.children ?? []) flatten(c, out);
  return out;
}

async function openDb(): Promise<{ db: Db; profileFile: string }> {
  const db = await Db.open({
    tempDirectory: path.join(work, 'tmp'),
    ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
  });
  await loadReferenceTables(db, catalogs);
  const profileFile = path.join(work, `profile-${seq++}.json`);
  return { db, profileFile };
}

/** Times a plain function (several queries, or JavaScript). */
async function timed<T>(stage: string, step: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  steps.push({ stage, step, ms: performance.now() - t0, ...memory() });
  return r;
}

/** Runs SQL statement by statement with DuckDB's profiler on; one entry per statement. */
async function profiled(db: Db, profileFile: string, stage: string, label: string, sql: string) {
  await db.run(`PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = ${lit(profileFile)}`);
  const statements = await db.connection.extractStatements(sql);
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    const t0 = performance.now();
    await prepared.run();
    const ms = performance.now() - t0;
    const step = statements.count > 1 ? `${label} #${i + 1}` : label;
    let profile: ProfileNode | undefined;
    try {
      profile = JSON.parse(await readFile(profileFile, 'utf8')) as ProfileNode;
      await writeFile(
        path.join(profiles, `${stage}-${step.replace(/[^\w.-]+/g, '_')}.json`),
        JSON.stringify(profile),
      );
    } catch {
      profile = undefined;
    }
    const ops = profile
      ? flatten(profile)
          .sort((a, b) => b.s - a.s)
          .slice(0, 3)
      : [];
    steps.push({
      stage,
      step,
      ms,
      ...(profile?.system_peak_buffer_memory !== undefined
        ? { bufferMiB: profile.system_peak_buffer_memory / 2 ** 20 }
        : {}),
      operators: ops,
      ...memory(),
    });
  }
  await db.run('PRAGMA disable_profiling');
}

const sqlOf = (file: string) => readFile(file, 'utf8');
const rel = (file: string) => path.relative(fromRoot(), file);

// ---- normalise (src/normalise/normalise.ts, src/engine/stages/normalise.ts)
const normaliseDir = path.join(work, 'normalise');
await mkdir(normaliseDir, { recursive: true });
{
  const { db, profileFile } = await timed('normalise', 'open DuckDB + reference tables', openDb);
  const input: InputFile = {
    path: path.resolve(values.csv),
    pointer: path.relative(process.cwd(), path.resolve(values.csv)),
    reader: 'tidy-csv',
    options: {},
    sha256: '',
    bytes: 0,
  };
  await createStagedTable(db);
  const reader = (await readerFor('tidy-csv'))!;
  await timed('normalise', 'tidy-csv reader: read_csv into staged (+ row_number, rejects)', () =>
    reader(input, { db, scratchDir: normaliseDir, tag: 'i0' }),
  );
  await timed('normalise', 'period map (distinct labels, parsed in JavaScript)', async () => {
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
  });
  const [resolve, ...rest] = normaliseSqlFiles;
  await profiled(db, profileFile, 'normalise', rel(resolve!), await sqlOf(resolve!));
  // rowProblems: hints for unknown regions, the first problems of each file, the count per file
  await profiled(
    db,
    profileFile,
    'normalise',
    'row problems: region hints',
    `CREATE OR REPLACE TEMP TABLE region_hints AS
    WITH unknown AS (SELECT DISTINCT region_raw FROM normalised WHERE region_kato IS NULL AND region_raw IS NOT NULL),
    scored AS (
      SELECT u.region_raw, r.name_en || ' (' || r.kato || ')' AS name,
             max(jaro_winkler_similarity(fold_label(u.region_raw), a.alias_key)) AS score
      FROM unknown u CROSS JOIN region_aliases a JOIN regions r ON r.kato = a.kato
      GROUP BY ALL),
    ranked AS (SELECT *, row_number() OVER (PARTITION BY region_raw ORDER BY score DESC, name) AS n FROM scored)
    SELECT region_raw, string_agg(name, ', ' ORDER BY n) AS hint FROM ranked WHERE n <= 3 AND score >= 0.8 GROUP BY region_raw`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'row problems: first problems per file',
    `WITH p AS (
      SELECT n.source, n.locator, n.rowid AS rid, TRY_CAST(regexp_extract(n.locator, '^row (d+)$', 1) AS INTEGER) AS line,
             CASE WHEN problem LIKE 'unknown region%' AND h.hint IS NOT NULL THEN problem || '; did you mean ' || h.hint || '?'
                  ELSE problem END AS problem
      FROM (SELECT rowid, *, unnest(problems) AS problem FROM normalised WHERE len(problems) > 0) n
      LEFT JOIN region_hints h ON h.region_raw = n.region_raw)
    SELECT source, locator, problem FROM (
      SELECT *, row_number() OVER (PARTITION BY source ORDER BY line NULLS LAST, locator, rid) AS k FROM p) WHERE k <= 51
    ORDER BY source, k`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'row problems: count per file',
    `SELECT source, sum(len(problems))::INTEGER AS n FROM normalised WHERE len(problems) > 0 GROUP BY source`,
  );
  for (const file of rest) await profiled(db, profileFile, 'normalise', rel(file), await sqlOf(file));
  await profiled(
    db,
    profileFile,
    'normalise',
    'duplicate problems read',
    'SELECT source, locator, problem FROM duplicate_problems ORDER BY source, locator',
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'observations table (rank = 1, ordered by key)',
    `CREATE OR REPLACE TABLE observations AS
    SELECT indicator, region_kato, period, industry, partner, product, flow, value, unit, status, source || '#' || locator AS source,
           period_type, year, period_start, period_end, boundary_vintage, region_raw AS region_label, note
    FROM ranked WHERE rank = 1
    ORDER BY indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST, product NULLS FIRST, flow NULLS FIRST`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'remapped-label warnings',
    `SELECT split_part(source, '#', 1) AS source, count(*)::INTEGER AS n, min(regexp_extract(note, 'label .*')) AS note
     FROM observations WHERE note LIKE '%label ''%read as%' GROUP BY ALL ORDER BY source`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'indicators present (stage summary)',
    `SELECT indicator, count(*)::INTEGER AS rows, min(period) AS first, max(period) AS last FROM observations GROUP BY indicator ORDER BY indicator`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'COPY observations to Parquet',
    `COPY observations TO ${lit(path.join(normaliseDir, 'observations.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await profiled(
    db,
    profileFile,
    'normalise',
    'COPY revisions to Parquet',
    `COPY (SELECT * FROM revisions ORDER BY ALL) TO ${lit(path.join(normaliseDir, 'revisions.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  db.close();
}

// ---- compute (src/engine/stages/compute.ts) with the observations pipeline's steps
const pipeline = (await import(fromRoot('pipelines', 'observations.ts'))).default as Pipeline;
const computeDir = path.join(work, 'compute');
await mkdir(computeDir, { recursive: true });
const tableFiles: Record<string, string> = {};
const { db, profileFile } = await timed('compute', 'open DuckDB + reference tables', openDb);
await attachNormalised(db, normaliseDir);
await setParams(db, pipeline.params.parse({}) as Record<string, unknown>);
for (const step of pipeline.steps)
  if ('sql' in step) await profiled(db, profileFile, 'compute', step.sql, await sqlOf(fromRoot(step.sql)));
await profiled(
  db,
  profileFile,
  'compute',
  'harmonise_refused summary',
  `SELECT reason, count(*)::INTEGER AS n FROM harmonise_refused GROUP BY reason`,
);
for (const spec of pipeline.tables) {
  if (spec.fromNormalise) {
    tableFiles[spec.name] = path.join(normaliseDir, `${spec.fromNormalise}.parquet`);
  } else {
    const file = path.join(computeDir, `${spec.name}.parquet`);
    const select = spec.columns
      .map((c) => `CAST(${ident(c.name)} AS ${duckdbType[c.type]}) AS ${ident(c.name)}`)
      .join(', ');
    const order = spec.primaryKey.map((k) => `${ident(k)} NULLS FIRST`).join(', ');
    await profiled(
      db,
      profileFile,
      'compute',
      `COPY ${spec.name} (cast, ordered) to Parquet`,
      `COPY (SELECT ${select} FROM ${ident(spec.name)} ORDER BY ${order}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    tableFiles[spec.name] = file;
  }
  await timed('compute', `content hash of ${spec.name} (sum(hash(row)))`, () =>
    tableContentHash(db, tableFiles[spec.name]!, spec),
  );
}

// ---- check (src/engine/stages/check.ts): the generic checks of each table, then the observation checks
{
  const { db: cdb, profileFile: cprofile } = await timed('check', 'open DuckDB + reference tables', openDb);
  await attachNormalised(cdb, normaliseDir);
  for (const [name, file] of Object.entries(tableFiles))
    await cdb.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM read_parquet(${lit(file)})`);
  for (const spec of pipeline.tables) {
    const t = ident(spec.name);
    const key = spec.primaryKey.map(ident).join(', ');
    const keyText = spec.primaryKey.map((k) => `coalesce(${ident(k)}::VARCHAR, 'NULL')`).join(` || ', ' || `);
    await profiled(
      cdb,
      cprofile,
      'check',
      `${spec.name}: unique key`,
      `SELECT message FROM (SELECT 'key (' || ${keyText} || ') appears ' || count(*) || ' times' AS message FROM ${t} GROUP BY ${key} HAVING count(*) > 1) LIMIT 51`,
    );
    const columnChecks = spec.columns.flatMap((c) => [
      ...(c.required ? [`SELECT 1 FROM ${t} WHERE ${ident(c.name)} IS NULL`] : []),
      ...(c.type === 'double'
        ? [`SELECT 1 FROM ${t} WHERE ${ident(c.name)} IS NOT NULL AND NOT isfinite(${ident(c.name)})`]
        : []),
    ]);
    const t0 = performance.now();
    for (const q of columnChecks) await cdb.run(`SELECT * FROM (${q}) LIMIT 51`);
    steps.push({
      stage: 'check',
      step: `${spec.name}: ${columnChecks.length} column checks (required, finite)`,
      ms: performance.now() - t0,
      ...memory(),
    });
  }
  for (const file of [
    'sql/checks/observations/value_ranges.sql',
    'sql/checks/observations/units_consistent.sql',
    'sql/checks/observations/republic_vs_regions.sql',
  ]) {
    const sql = (await sqlOf(fromRoot(file))).trim().replace(/;\s*$/, '');
    await profiled(cdb, cprofile, 'check', file, `SELECT message::VARCHAR AS message FROM (${sql}) LIMIT 51`);
  }
  cdb.close();
}

// ---- publish (src/publish/publish.ts): Parquet copy, contract check, Arrow IPC, sha256
const versionDir = path.join(work, 'version');
await mkdir(versionDir, { recursive: true });
for (const spec of pipeline.tables as TableSpec[]) {
  const file = path.join(versionDir, `${spec.name}.parquet`);
  await profiled(
    db,
    profileFile,
    'publish',
    `${spec.name}: COPY to the version (zstd, row groups of 122880)`,
    `COPY (SELECT * FROM read_parquet(${lit(tableFiles[spec.name]!)})) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  await timed('publish', `${spec.name}: DESCRIBE (contract check)`, () =>
    db.all(`DESCRIBE SELECT * FROM read_parquet(${lit(file)})`),
  );
  await timed('publish', `${spec.name}: sha256 of the Parquet`, () => sha256File(file));
  const arrow = path.join(versionDir, `${spec.name}.arrow`);
  await timed('publish', `${spec.name}: Arrow IPC (rows through JavaScript)`, () =>
    writeArrowIpc(
      db,
      `SELECT ${spec.columns.map((c) => ident(c.name)).join(', ')} FROM read_parquet(${lit(file)})
       ORDER BY ${spec.primaryKey.map((k) => `${ident(k)} NULLS FIRST`).join(', ')}`,
      arrow,
      spec.columns,
      {},
    ),
  );
  await timed('publish', `${spec.name}: sha256 of the Arrow file`, () => sha256File(arrow));
}
db.close();

process.stdout.write(`${JSON.stringify({ steps })}\n`);
await rm(path.join(work, 'tmp'), { recursive: true, force: true });
