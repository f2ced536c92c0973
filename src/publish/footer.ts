import type { TableSpec } from '../core/pipeline.ts';
import { arrowTypeName } from './contract.ts';
import { schemaVersionOf } from './schema-version.ts';

/**
 * What every published file of a table carries in its footer, so a file taken out of its version still
 * says what it is: the dataset, the table, its key and columns, its schema version, and the version that
 * first wrote it (a part carried over into later versions keeps naming that one).
 */
export function footerMetadata(dataset: string, version: string, spec: TableSpec): Record<string, string> {
  return {
    'kzstat.dataset': dataset,
    'kzstat.version': version,
    'kzstat.table': spec.name,
    'kzstat.schema_version': schemaVersionOf(spec),
    'kzstat.primary_key': JSON.stringify(spec.primaryKey),
    'kzstat.schema': JSON.stringify(
      spec.columns.map((c) => ({ name: c.name, type: arrowTypeName(c.type), nullable: !c.required })),
    ),
  };
}

/** A file whose footer is the one a version would write (same version, table, schema) can be published as it is. */
export function footerFits(found: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => found[k] === v);
}
