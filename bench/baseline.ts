import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Db, lit } from '../src/core/duckdb.ts';

/**
 * The baseline of measurement (a) in bench/scale.ts: DuckDB alone reading the
 * tidy CSV and writing it as Parquet, through the same @duckdb/node-api the
 * engine uses (no duckdb CLI is installed here), in a process of its own so
 * its peak memory is its own. Same CSV dialect and column types as the
 * engine's tidy-CSV reader reads (all text but the value, so region codes
 * keep their leading zeros) and the same compression (zstd) as its Parquet.
 * `--sorted` adds the ORDER BY every published table gets (by its key), to
 * show what ordering alone costs. It runs under the engine's memory limit.
 *
 * `--read-only` (with `--csv`) parses every field of every row and writes nothing: what reading the
 * CSV alone costs.
 *
 * With `--parquet` instead of `--csv` it reads a table kzstat published
 * (the observations, all their columns) and writes it again: what writing
 * those rows once costs DuckDB alone, the floor of any step that has to.
 *
 *   node --import tsx bench/baseline.ts (--csv FILE | --parquet FILE) --out FILE.parquet [--sorted]
 *
 * Prints one JSON line: rows, ms of the COPY, DuckDB version.
 */
const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    parquet: { type: 'string' },
    out: { type: 'string' },
    sorted: { type: 'boolean', default: false },
    'read-only': { type: 'boolean', default: false },
  },
});
if (!(values.csv ?? values.parquet) || !values.out)
  throw new Error('usage: baseline.ts (--csv FILE | --parquet FILE) --out FILE.parquet [--sorted]');

// The pipeline's memory bound (DEFAULT_MEMORY_LIMIT of src/engine/run.ts, not imported: loading the
// engine would count against the baseline's time) holds for the baseline too, spilling to a folder of
// its own beside the output: the same rows sorted in the same memory.
const db = await Db.open({
  memoryLimit: process.env.KZSTAT_MEMORY_LIMIT ?? '448MB',
  tempDirectory: `${values.out}.tmp`,
});
try {
  const read = values.csv
    ? `read_csv(${lit(values.csv)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {'indicator': 'VARCHAR', 'region': 'VARCHAR', 'period': 'VARCHAR', 'value': 'DOUBLE',
               'unit': 'VARCHAR', 'status': 'VARCHAR', 'source': 'VARCHAR'})`
    : `read_parquet(${lit(values.parquet!)})`;
  // the published observations' key (OBSERVATION_ORDER of src/normalise, written out: importing it would load the engine)
  const key = values.csv
    ? 'indicator, region, period'
    : 'indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST, product NULLS FIRST, flow NULLS FIRST';
  const select = values.sorted ? `SELECT * FROM ${read} ORDER BY ${key}` : `SELECT * FROM ${read}`;
  const t0 = performance.now();
  // --read-only: every field of every row parsed and used, nothing written (what reading the CSV alone costs)
  const rows = values['read-only']
    ? await db.value<bigint>(
        `SELECT count(*) AS n, max(indicator), max(region), max(period), sum(value), max(unit), max(status), max(source) FROM ${read}`,
      )
    : await db.value<bigint>(`COPY (${select}) TO ${lit(values.out)} (FORMAT parquet, COMPRESSION zstd)`);
  const ms = performance.now() - t0;
  const version = await db.value<string>('SELECT version()');
  process.stdout.write(`${JSON.stringify({ rows: Number(rows), ms, duckdb: version })}\n`);
} finally {
  db.close();
  await rm(`${values.out}.tmp`, { recursive: true, force: true });
}
