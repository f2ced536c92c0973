import path from 'node:path';
import { type Db, lit } from '../core/duckdb.ts';
import { ExitCode, KzError } from '../core/errors.ts';
import type { TableSpec } from '../core/pipeline.ts';
import { arrowTypeName } from './contract.ts';
import { datapackageSchema, tableResources } from './datapackage.ts';
import { resourceFiles } from './scan.ts';
import { datasetDir, readDatapackage } from './versions.ts';

/**
 * Column types stay stable across versions of a table: removing a column or
 * changing its type is a new major schema version, declared in the pipeline
 * (TableSpec.schemaVersion) and recorded in CHANGELOG.md. Publishing a
 * breaking change under the same major version is refused (exit 4, nothing
 * published), so a downstream script never meets a silently retyped column.
 */
export const DEFAULT_SCHEMA_VERSION = '1.0';

export class SchemaChangeError extends KzError {
  constructor(message: string) {
    super(ExitCode.checkFailed, message);
  }
}

export interface PublishedSchema {
  schemaVersion: string;
  columns: { name: string; type: string }[];
}

export function parseSchemaVersion(v: string): [number, number] | undefined {
  const m = v.match(/^(\d+)\.(\d+)$/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function schemaVersionOf(spec: TableSpec): string {
  const v = spec.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
  if (!parseSchemaVersion(v))
    throw new SchemaChangeError(`table ${spec.name}: schema version '${v}' is not MAJOR.MINOR (e.g. '2.0')`);
  return v;
}

/** Each table of a published version with its schema version and Arrow column types. */
export async function previousSchemas(
  db: Db,
  outDir: string,
  dataset: string,
  version: string,
): Promise<Map<string, PublishedSchema>> {
  const raw = await readDatapackage(outDir, dataset, version);
  const out = new Map<string, PublishedSchema>();
  if (!raw) return out;
  const pkg = datapackageSchema.parse(raw);
  for (const r of tableResources(pkg)) {
    let columns = r.schema.fields.map((f) => ({ name: f.name, type: f.arrow_type ?? '' }));
    // versions published before the datapackage named Arrow types: the Parquet footer always has them
    if (columns.some((c) => !c.type)) {
      const file = resourceFiles(path.join(datasetDir(outDir, dataset), version), r)[0]!;
      const schema = (
        await db.one<{ v: string }>(
          `SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(file)}) WHERE decode(key) = 'kzstat.schema'`,
        )
      )?.v;
      if (schema)
        columns = (JSON.parse(schema) as { name: string; type: string }[]).map(({ name, type }) => ({
          name,
          type,
        }));
    }
    out.set(r.table ?? r.name, { schemaVersion: r.schema_version ?? DEFAULT_SCHEMA_VERSION, columns });
  }
  return out;
}

export function breakingChanges(spec: TableSpec, before: PublishedSchema): string[] {
  const now = new Map(spec.columns.map((c) => [c.name, arrowTypeName(c.type)]));
  const changes: string[] = [];
  for (const c of before.columns) {
    const t = now.get(c.name);
    if (t === undefined) changes.push(`column ${c.name} (${c.type}) removed`);
    else if (c.type && t !== c.type) changes.push(`column ${c.name} changed type from ${c.type} to ${t}`);
  }
  return changes;
}

export function assertSchemaCompatible(
  dataset: string,
  spec: TableSpec,
  before: PublishedSchema | undefined,
  previousVersion: string | undefined,
): void {
  const version = schemaVersionOf(spec);
  if (!before) return;
  const [major, minor] = parseSchemaVersion(version)!;
  const [prevMajor, prevMinor] = parseSchemaVersion(before.schemaVersion) ?? [1, 0];
  const where = `${dataset}.${spec.name}`;
  if (major < prevMajor || (major === prevMajor && minor < prevMinor))
    throw new SchemaChangeError(
      `${where}: schema version ${version} is older than ${before.schemaVersion}, the one of the latest version ${previousVersion}; nothing was published`,
    );
  const changes = breakingChanges(spec, before);
  if (changes.length && major === prevMajor)
    throw new SchemaChangeError(
      `${where}: the column types differ from the latest version ${previousVersion} (schema ${before.schemaVersion}): ${changes.join('; ')}.\n` +
        `  Downstream readers rely on stable types: raise the table's schemaVersion to ${prevMajor + 1}.0 in its pipeline and record the change in CHANGELOG.md, or keep the old types. Nothing was published.`,
    );
}
