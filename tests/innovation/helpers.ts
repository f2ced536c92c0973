import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import innovation from '../../pipelines/innovation/pipeline.ts';
import { Db, lit } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { setParams } from '../../src/engine/stages/compute.ts';
import { loadSharedMacros } from '../../src/models/macros.ts';
import { loadReferenceTables } from '../../src/normalise/reference.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/** Rows of a Parquet file (or a query over `t`, the file). BIGINT come back as numbers. */
export async function readParquet<T extends Record<string, unknown>>(
  file: string,
  query = 'SELECT * FROM t',
): Promise<T[]> {
  const db = await Db.open();
  try {
    await db.run(`CREATE VIEW t AS SELECT * FROM read_parquet(${lit(file)})`);
    return (await db.all(query)).map(
      (r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
        ) as T,
    );
  } finally {
    db.close();
  }
}

export const latest = (out: string, table: string) =>
  path.join(out, 'innovation', 'latest', `${table}.parquet`);

/** A tidy CSV written to a fresh temporary folder. */
export async function tidyCsv(lines: string[]): Promise<string> {
  const file = path.join(await tempDir('kzstat-innov-csv-'), 'input.csv');
  await writeFile(file, `${['indicator,region,period,value,unit,status', ...lines].join('\n')}\n`);
  return file;
}

/** `kzstat run innovation --raw <empty> --input FILE --out OUT --json [--param ...]`. */
export async function runOnCsv(file: string, out: string, params: string[] = []) {
  const empty = await tempDir('kzstat-empty-raw-');
  return runCli([
    'run',
    'innovation',
    '--raw',
    empty,
    '--input',
    file,
    '--out',
    out,
    '--json',
    ...params.flatMap((p) => ['--param', p]),
  ]);
}

/**
 * A DuckDB with the reference tables, the pipeline's macros and its default
 * parameters (overridden by `params`), in which a test can create the table a
 * SQL file of the pipeline reads and run that file as the compute stage does.
 */
export async function pipelineDb(params: Record<string, unknown> = {}): Promise<Db> {
  const db = await Db.open();
  await loadReferenceTables(db);
  await loadSharedMacros(db);
  await setParams(db, innovation.params.parse(params) as Record<string, unknown>);
  await db.run(await readFile(fromRoot('pipelines', 'innovation', 'macros.sql'), 'utf8'));
  return db;
}

/** Runs pipelines/innovation/models/<name>.sql into a table of that name. */
export async function runSqlFile(db: Db, name: string): Promise<void> {
  const sql = await readFile(fromRoot('pipelines', 'innovation', 'models', `${name}.sql`), 'utf8');
  await db.run(`CREATE OR REPLACE TABLE ${name} AS ${sql.trim().replace(/;\s*$/, '')}`);
}
