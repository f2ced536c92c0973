import path from 'node:path';
import { ident, lit } from '../core/duckdb.ts';
import type { Partitioning, Resource } from './datapackage.ts';

/**
 * The DuckDB table expression that reads one published table of a version,
 * whether it is one Parquet file or a Hive-partitioned folder; partition
 * columns get the types the datapackage declares instead of DuckDB's guess.
 */
export function parquetScan(files: string[], partitioning?: Partitioning): string {
  const list = `[${files.map(lit).join(', ')}]`;
  if (!partitioning) return `read_parquet(${list})`;
  const types = partitioning.columns.map((c) => `${lit(c.name)}: ${c.duckdb_type}`).join(', ');
  return `read_parquet(${list}, hive_partitioning = true, hive_types = {${types}}, hive_types_autocast = false)`;
}

export function resourceFiles(versionDir: string, resource: Resource): string[] {
  const paths = Array.isArray(resource.path) ? resource.path : [resource.path];
  return paths.map((p) => path.join(versionDir, p));
}

/** `SELECT <the contract's columns in order> FROM <the files>` for a table resource. */
export function resourceSelect(versionDir: string, resource: Resource): string {
  const cols = resource.schema.fields.map((f) => ident(f.name)).join(', ');
  return `SELECT ${cols} FROM ${parquetScan(resourceFiles(versionDir, resource), resource.partitioning)}`;
}
