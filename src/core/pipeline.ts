import type { z } from 'zod';
import type { Db, Row } from './duckdb.ts';
import type { Logger } from './log.ts';
import type { ColumnSpec } from './table.ts';

/**
 * How a pipeline is declared (pipelines/<name>/pipeline.ts): the indicators it needs,
 * the steps that compute its tables (SQL files of its folder, or TypeScript
 * where SQL cannot do the job) and the dataset it publishes; the checks that
 * guard its tables are the SQL files of its folder's `checks/`, found by the
 * engine. The engine knows nothing of economics; this is where it lives.
 */
export const STAGES = ['extract', 'normalise', 'compute', 'check', 'publish'] as const;
export type StageName = (typeof STAGES)[number];

export interface TableSpec {
  name: string;
  title: string;
  description: string;
  primaryKey: string[];
  columns: ColumnSpec[];
  /** publish a table of the normalise stage as it is, instead of one computed by a step */
  fromNormalise?: 'observations' | 'revisions';
  /**
   * 'MAJOR.MINOR' of the column contract (default '1.0'). Removing a column or
   * changing its type needs a new major version (and a line in CHANGELOG.md);
   * publishing refuses it otherwise.
   */
  schemaVersion?: string;
  /**
   * What fills the table: the indicators its rows come from and, in words, the inputs that give them.
   * A table left with no rows, or without rows for years its inputs cover, says why with these
   * (in its descriptor, the run report and the HTML report).
   */
  needs?: TableNeeds;
  /** publish as a Hive-partitioned folder `<table>/<col>=<value>/…` on these (required) columns */
  partitionBy?: string[];
  /**
   * publish as a folder of parts `<table>/<hash>.parquet`, each in key order and named by its content, so
   * that a version shares its unchanged parts with the one before (docs/publishing.md, "Parts"): `inputs`,
   * one part per input (or group of inputs sharing indicators), for a table published as normalised; or
   * one part per value of a required column
   */
  parts?: 'inputs' | { by: string };
}

export interface TableNeeds {
  /** indicator ids (catalog/indicators.csv) any of whose figures may give the table rows */
  indicators: string[];
  /** the inputs that would fill it, as a user would look for them: 'gross value added by OKED division (two-digit industry)' */
  inputs: string;
  /** the figures of those indicators it is computed from, as a SQL condition on `observations` (default: all) */
  where?: string;
  /** why a year the inputs cover can have no row, where the table leaves some out by design */
  yearsLeftOut?: string;
}

export interface ComputeContext {
  db: Db;
  params: Record<string, unknown>;
  log: Logger;
  /** notes for the run report and the dataset description */
  warn(message: string): void;
  note(message: string): void;
  /**
   * The rows of the query in a SQL file of the pipeline's folder (`report/unscored_regions.sql`), which
   * must be among its `reads` (a folder there covers its files) so that editing it re-runs compute; an
   * error of the SQL's own names the file.
   */
  query<T extends Row = Row>(file: string): Promise<T[]>;
}

export type Step =
  /** a SQL file (project-relative); a SELECT becomes a table named after the file */
  { sql: string } | { name: string; run: (ctx: ComputeContext) => Promise<void> };

/** A SQL check as the engine finds it in a `checks/` folder (src/models/checks.ts); its header declares the severity. */
export interface CheckSpec {
  /** project-relative SQL file returning one row per violation with a `message` column */
  sql: string;
  severity: 'error' | 'warn';
}

export interface IndicatorNeeds {
  required: string[];
  optional: string[];
}

export interface Pipeline<P extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  dataset: string;
  /** 'all' takes every source of the raw folder */
  indicators: IndicatorNeeds | 'all';
  params: P;
  steps: Step[];
  /** the tables it publishes: one contract per `models/<table>.table.ts` of its folder, named after the file */
  tables: TableSpec[];
  /**
   * files and folders (project-relative; besides the SQL of its steps) that its TypeScript steps read,
   * such as registries and the queries they run with `ctx.query`: part of compute's fingerprint. Code needs
   * no list: the modules the pipeline imports are found from its imports.
   */
  reads?: string[];
  /**
   * 'indicator': each of its steps computes an indicator's rows from that indicator's observations alone,
   * and every table a step keeps (not TEMP) has an `indicator` column. After a revision of some inputs,
   * compute then runs for the indicators of the parts that changed and takes the others from its last run
   * (src/engine/compute-by-indicator.ts). A promise the SQL must keep: a step that compares indicators
   * would see only the changed ones.
   */
  computeBy?: 'indicator';
}

/** What a pipeline.ts declares: everything but its tables, which the engine finds beside their models. */
export type PipelineDefinition<P extends z.ZodType = z.ZodType> = Omit<Pipeline<P>, 'tables'>;

export function definePipeline<P extends z.ZodType>(p: PipelineDefinition<P>): PipelineDefinition<P> {
  return p;
}

/**
 * What a `models/<table>.table.ts` declares: the published table's contract, beside the model that
 * makes it (`models/<table>.sql`, or a TypeScript step of the pipeline). Its name is the file's.
 */
export type TableContract = Omit<TableSpec, 'name'>;

export function defineTable(t: TableContract): TableContract {
  return t;
}
