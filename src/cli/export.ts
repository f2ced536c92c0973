import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Db, ident, lit, parquetOptions } from '../core/duckdb.ts';
import { ExitCode, OutputError, UsageError } from '../core/errors.ts';
import { fsyncPath } from '../core/fs.ts';
import { tableResources } from '../publish/datapackage.ts';
import { loadDatapackage, resolveVersion } from '../publish/resolve.ts';
import { resourceSelect } from '../publish/scan.ts';
import { datasetDir } from '../publish/versions.ts';
import type { Io } from './io.ts';

export interface ExportFlags {
  out: string;
  to: string;
  format?: string;
}

const FORMATS = ['parquet', 'csv'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(flags: ExportFlags): Format {
  const given = flags.format ?? path.extname(flags.to).slice(1).toLowerCase();
  if ((FORMATS as readonly string[]).includes(given)) return given as Format;
  throw new UsageError(
    flags.format
      ? `--format ${flags.format}: expected ${FORMATS.join(' or ')}`
      : `--to ${flags.to}: say the format by the file's extension (.parquet, .csv) or with --format`,
  );
}

/**
 * `kzstat export <dataset> <table> [version] --to FILE`: one table of one version as
 * one file, Parquet or CSV, sorted by its key, whatever files the version
 * holds it in. Written beside the target and renamed into place, so the file
 * is whole or absent.
 */
export async function exportCommand(
  dataset: string,
  table: string,
  versionName: string,
  flags: ExportFlags,
  io: Io,
) {
  const format = formatOf(flags);
  const version = await resolveVersion(flags.out, dataset, versionName);
  const pkg = await loadDatapackage(flags.out, dataset, version);
  const resources = tableResources(pkg);
  const resource = resources.find((r) => (r.table ?? r.name) === table);
  if (!resource)
    throw new UsageError(
      `unknown table '${table}' of ${dataset} ${version}: its tables are ${resources.map((r) => r.table ?? r.name).join(', ')}`,
    );
  const key = resource.schema.primaryKey ?? [];
  const order = key.length ? ` ORDER BY ${key.map((k) => `${ident(k)} NULLS FIRST`).join(', ')}` : '';
  const target = path.resolve(flags.to);
  await mkdir(path.dirname(target), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    // mkdir says EEXIST when the folder's name is taken by a file
    if (e.code === 'EEXIST')
      throw new OutputError(`cannot write ${flags.to}: ${path.dirname(target)} is a file, not a folder`);
    throw e;
  });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
  const kv = {
    'kzstat.dataset': dataset,
    'kzstat.version': version,
    'kzstat.table': table,
    ...(resource.schema_version ? { 'kzstat.schema_version': resource.schema_version } : {}),
    'kzstat.primary_key': JSON.stringify(key),
  };
  const options = format === 'parquet' ? parquetOptions(kv) : 'FORMAT csv, HEADER true';
  const db = await Db.open();
  try {
    await db.run(
      `COPY (${resourceSelect(path.join(datasetDir(flags.out, dataset), version), resource)}${order}) TO ${lit(tmp)} (${options})`,
    );
    const rows = await db.value<number>(
      format === 'parquet'
        ? `SELECT count(*)::INTEGER FROM read_parquet(${lit(tmp)})`
        : `SELECT count(*)::INTEGER FROM read_csv(${lit(tmp)}, header = true, all_varchar = true)`,
    );
    fsyncPath(tmp);
    await rename(tmp, target);
    fsyncPath(path.dirname(target));
    io.err(`${dataset}.${table} of ${version}: ${rows} rows to ${flags.to} (${format})`);
    io.out(target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    db.close();
  }
  return ExitCode.ok;
}
