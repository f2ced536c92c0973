/**
 * All a pipeline imports from the machinery: how to declare it, its tables
 * and its steps, the errors it may raise, and the few helpers its TypeScript
 * steps and its report charts use. Pipelines import nothing else from src/,
 * so the machinery can be rearranged behind this file without touching the
 * economics.
 *
 * The SQL of a pipeline (models, checks, macros.sql) has its own facade: the
 * macros of src/models/macros.sql (fmt_num, covers_all), which every DuckDB
 * of a run has loaded, beside the reference tables and the normalised views.
 * The other macros of src/ are the normalisation's, not a pipeline's to call.
 */
export { type Db, lit } from './core/duckdb.ts';
export { InputError, inputErrorFrom, type Problem } from './core/errors.ts';
export { displayPath, projectRoot } from './core/paths.ts';
export { yearRanges } from './core/periods.ts';
export {
  type ComputeContext,
  definePipeline,
  defineTable,
  type Pipeline,
  type Step,
  type TableContract,
  type TableNeeds,
  type TableSpec,
} from './core/pipeline.ts';
export type { ColumnSpec } from './core/table.ts';
export { sqlModels } from './models/order.ts';
export { commonColumns, observationColumns, observationKey, revisionColumns } from './normalise/contract.ts';
export { SingularError, withinRegression } from './panel/within.ts';
export type { Resource } from './publish/datapackage.ts';
export {
  type ChartData,
  type ChartDef,
  columnUnit,
  hasColumn,
  plural,
  REPUBLIC,
  roomFor,
  tableFrom,
} from './report/charts.ts';
export type { PublishedDataset } from './report/load.ts';
