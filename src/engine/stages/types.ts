import type { Db } from '../../db/duckdb.ts';
import type { InputSpec } from '../../inputs/input-spec.ts';
import type { Logger } from '../log.ts';
import type { Pipeline, StageName } from '../pipeline.ts';
import type { StageRecord } from '../state.ts';

export interface RunOptions {
  pipelines: string[];
  only?: StageName;
  from?: StageName;
  force: boolean;
  offline: boolean;
  inputs: InputSpec[];
  rawDir: string;
  outDir: string;
  sources: Record<string, string>;
  catalogs: string[];
  params: Record<string, string>;
  log: Logger;
}

export interface StageContext {
  pipeline: Pipeline;
  /** project-relative path of the pipeline's file */
  pipelineFile: string;
  params: Record<string, unknown>;
  opts: RunOptions;
  runId: string;
  log: Logger;
  /** fingerprints computed in this invocation, for the stages before this one */
  fingerprints: Partial<Record<StageName, string>>;
  /** the records (ran or cached) of the stages before this one */
  records: Partial<Record<StageName, StageRecord>>;
  /** scratch memory shared by stages of one pipeline run (e.g. the hashed inputs) */
  memo: Record<string, unknown>;
  /** the pipeline's shared DuckDB (reference tables loaded) */
  db(): Promise<Db>;
  /** a DuckDB of its own, for a stage whose work tables should not outlive it; the caller closes it */
  freshDb(): Promise<Db>;
}

export interface Warning {
  /** the check or stage that raised it */
  check: string;
  message: string;
}

export interface StageOutput {
  rows?: number;
  /** what the run of the stage did, beyond why it ran (normalise: which inputs it normalised) */
  note?: string;
  warnings: Warning[];
  data: Record<string, unknown>;
}

export interface Stage {
  /** the named parts of this stage's fingerprint: inputs, code, parameters, upstream fingerprints */
  components(ctx: StageContext): Promise<Record<string, string>>;
  run(ctx: StageContext, dir: string): Promise<StageOutput>;
  /** does this stage write an output folder (cache) */
  hasOutput: boolean;
  /** is a cached record still usable (its outputs exist, the version it published is still latest) */
  intact?(ctx: StageContext, record: StageRecord): Promise<boolean>;
}
