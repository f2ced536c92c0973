import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Db, ident, lit } from '../core/duckdb.ts';
import { hashJson } from '../core/hash.ts';
import { loadReferenceTables, referenceFiles, referenceFingerprint } from './reference.ts';

/**
 * The reference tables (catalogue, units, registry) for the DuckDBs of one run. Reading, validating
 * and building them takes some 60 ms, and a run opens a DuckDB for each stage of each pipeline that
 * works, so the first load is kept as Parquet in `dir` (a file per table and per variable), and a later
 * DuckDB of the run whose reference files and catalogues have the same content takes its tables from
 * there in a few milliseconds. Files that changed since are loaded from the files again; the run
 * removes the snapshot when it ends.
 */
export class ReferenceSnapshot {
  private made?: { key: string; dir: string };

  constructor(private readonly dir: string) {}

  /** Loads them into `db`: from the snapshot when it holds these files' tables, from the files otherwise. */
  async load(db: Db, catalogs: string[]): Promise<'snapshot' | 'files'> {
    const key = hashJson([await referenceFingerprint(catalogs), catalogs]);
    if (this.made?.key === key && existsSync(path.join(this.made.dir, 'done'))) {
      await restore(db, this.made.dir);
      return 'snapshot';
    }
    await loadReferenceTables(db, catalogs);
    const dir = path.join(this.dir, key.slice(0, 16));
    await snapshot(db, dir);
    this.made = { key, dir };
    return 'files';
  }

  async remove(): Promise<void> {
    try {
      await rm(this.dir, { recursive: true, force: true });
    } catch (e) {
      // no snapshot where the temp folder is not a folder (a file in its place: openDb replaces it when it needs one)
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
    }
  }

  /** Snapshots other runs left behind when they did not end (a crash, a kill): never read again. */
  static async removeLeftovers(tmpDir: string, prefix: string): Promise<void> {
    for (const d of await readdir(tmpDir).catch(() => [] as string[]))
      if (d.startsWith(prefix)) await rm(path.join(tmpDir, d), { recursive: true, force: true });
  }
}

async function snapshot(db: Db, dir: string): Promise<void> {
  const building = `${dir}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  for (const { name } of await db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY name`,
  ))
    await db.run(
      `COPY ${ident(name)} TO ${lit(path.join(building, `table.${name}.parquet`))} (FORMAT parquet)`,
    );
  for (const { name } of await db.all<{ name: string }>('SELECT name FROM duckdb_variables() ORDER BY name'))
    await db.run(
      `COPY (SELECT getvariable(${lit(name)}) AS value) TO ${lit(path.join(building, `variable.${name}.parquet`))} (FORMAT parquet)`,
    );
  await db.run(`COPY (SELECT 1 AS done) TO ${lit(path.join(building, 'done'))} (FORMAT csv)`);
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
}

async function restore(db: Db, dir: string): Promise<void> {
  // the macros the reference tables' SQL and the normalisation call, made as loadReferenceTables makes them
  await db.run(await readFile(referenceFiles.macros, 'utf8'));
  const files = await db.all<{ file: string }>(
    `SELECT file FROM glob(${lit(path.join(dir, '*.parquet'))}) ORDER BY file`,
  );
  for (const { file } of files) {
    const [kind, name] = path.basename(file, '.parquet').split(/\.(.*)/s) as [string, string];
    if (kind === 'table')
      await db.run(`CREATE OR REPLACE TABLE ${ident(name)} AS FROM read_parquet(${lit(file)})`);
    else await db.run(`SET VARIABLE ${ident(name)} = (SELECT value FROM read_parquet(${lit(file)}))`);
  }
}
