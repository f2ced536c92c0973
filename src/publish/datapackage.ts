import { z } from 'zod';

/**
 * The parts of a published `datapackage.json` that kzstat reads back (diff,
 * versions, report, the schema-version rule). Written by publish.ts; older
 * versions may lack the later additions, so those are optional.
 */
export const fieldSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  description: z.string().optional(),
  unit: z.string().optional(),
  /** the Arrow type of the column contract (Frictionless `integer` does not say Int32 or Int64) */
  arrow_type: z.string().optional(),
});

export const partitioningSchema = z.object({
  style: z.literal('hive'),
  /** partition columns in folder order, typed so readers do not guess them from the folder names */
  columns: z.array(
    z.object({ name: z.string(), type: z.string(), arrow_type: z.string(), duckdb_type: z.string() }),
  ),
});
export type Partitioning = z.infer<typeof partitioningSchema>;

/** Why a table has no rows, or none for some years its inputs cover: a resource's `kzstat` property. */
export const tableGapsSchema = z.object({
  not_computed: z
    .object({ reason: z.string(), indicators: z.array(z.string()), inputs: z.string().optional() })
    .optional(),
  years_left_out: z.object({ years: z.array(z.number()), reason: z.string() }).optional(),
});
export type TableGaps = z.infer<typeof tableGapsSchema>;

export const resourceSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** one file, or the files of a Hive-partitioned table */
  path: z.union([z.string(), z.array(z.string())]),
  format: z.string().optional(),
  bytes: z.number().optional(),
  hash: z.string().optional(),
  rows: z.number().optional(),
  /** the table this file holds (an Arrow IPC resource names its Parquet twin's table) */
  table: z.string().optional(),
  schema_version: z.string().optional(),
  partitioning: partitioningSchema.optional(),
  /** each file of a resource of several (`path` an array): its bytes, sha256 and, for parts, rows */
  files: z
    .array(z.object({ path: z.string(), bytes: z.number(), hash: z.string(), rows: z.number().optional() }))
    .optional(),
  /**
   * why the table has no rows, or none for some years its inputs cover; the hash of its content
   * (rows, columns and key), by which a later version with the same rows carries its files over
   */
  kzstat: tableGapsSchema.extend({ content_hash: z.string().optional() }).optional(),
  schema: z.looseObject({ fields: z.array(fieldSchema), primaryKey: z.array(z.string()).optional() }),
});
export type Resource = z.infer<typeof resourceSchema>;

export const inputSchema = z.looseObject({
  path: z.string(),
  sha256: z.string(),
  bytes: z.number().optional(),
  reader: z.string().optional(),
  vintage: z.string().optional(),
});
export type InputRecord = z.infer<typeof inputSchema>;

export const datapackageSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
  created: z.string().optional(),
  sources: z.array(z.looseObject({ title: z.string().optional() })).default([]),
  resources: z.array(resourceSchema),
  kzstat: z
    .looseObject({
      run_id: z.string().optional(),
      pipeline: z.string().optional(),
      engine: z.record(z.string(), z.string()).optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      inputs: z.array(inputSchema).optional(),
      warnings: z.array(z.object({ check: z.string(), message: z.string() })).optional(),
      content_hash: z.string().optional(),
      previous_version: z.string().nullable().optional(),
    })
    .optional(),
});
export type Datapackage = z.infer<typeof datapackageSchema>;

/** The Parquet resources: one per published table (Arrow IPC twins are left out). */
export function tableResources(pkg: Datapackage): Resource[] {
  return pkg.resources.filter((r) => (r.format ?? 'parquet') === 'parquet');
}

/** The vintages of a version's inputs, oldest first: what tells two versions apart for a reader. */
export function inputVintages(pkg: Datapackage): string[] {
  return [...new Set((pkg.kzstat?.inputs ?? []).flatMap((i) => (i.vintage ? [i.vintage] : [])))].sort();
}
