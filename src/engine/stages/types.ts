import path from 'node:path';
import type { z } from 'zod';
import type { FileStamp } from '../../core/cache-files.ts';
import type { Db } from '../../core/duckdb.ts';
import type { Logger } from '../../core/log.ts';
import type { Pipeline, StageName } from '../../core/pipeline.ts';
import type { InputSpec } from '../../inputs/input-spec.ts';
import type { InputFile } from '../../readers/types.ts';
import type { CodeSnapshot } from '../code-hash.ts';
import type { Workspace } from '../workspace.ts';
import type { StageOutputs } from './outputs.ts';

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
  /** where the output folder keeps what */
  workspace: Workspace;
  runId: string;
  /** the project's code as this invocation fingerprints it, each file read once (code-hash.ts) */
  code: CodeSnapshot;
  log: Logger;
  /** fingerprints computed in this invocation, for the stages before this one */
  fingerprints: Partial<Record<StageName, string>>;
  /** the records (ran or cached) of the stages before this one */
  records: StageRecords;
  /** scratch memory shared by stages of one pipeline run: the inputs extract hashed, the version id (run-version.ts) */
  memo: { inputs?: InputFile[]; version?: string };
  /** the pipeline's shared DuckDB (reference tables loaded) */
  db(): Promise<Db>;
  /** a DuckDB of its own, for a stage whose work tables should not outlive it; the caller closes it */
  freshDb(): Promise<Db>;
}

/**
 * What a stage last produced, keyed by the fingerprint of its inputs (the
 * state file keeps one per stage, state.ts). A stage whose new
 * fingerprint equals the stored one, and whose output is still there, is cached.
 */
export interface StageRecord<Output = unknown> {
  fingerprint: string;
  /** the named parts of the fingerprint, so `plan` can say what changed */
  components: Record<string, string>;
  finishedAt: string;
  /** the stage's output folder, if it has one, relative to the workspace (`.kzstat/`) */
  dir?: string;
  /** each file of that folder with its size and sha256 when written, to tell a damaged cache */
  files?: Record<string, FileStamp>;
  rows?: number;
  warnings: { check: string; message: string }[];
  data: Output;
}

export type StageRecords = { [S in StageName]?: StageRecord<StageOutputs[S]> };

export interface Warning {
  /** the check or stage that raised it */
  check: string;
  message: string;
}

/** What a stage's run returns; `data` is what the stages after it read (outputs.ts). */
export interface StageResult<Output> {
  rows?: number;
  /** what the run of the stage did, beyond why it ran (normalise: which inputs it normalised) */
  note?: string;
  warnings: Warning[];
  data: Output;
}

/** A stage's previous record: its output folder (absolute, if it has one) and which fingerprint components changed since. */
export interface LastRun<Output> {
  record: StageRecord<Output>;
  dir?: string;
  changed: string[];
}

export interface Stage<Output> {
  /** the schema of `data`: a cached record that does not match it is no cache */
  output: z.ZodType<Output>;
  /** the named parts of this stage's fingerprint: inputs, code, parameters, upstream fingerprints */
  components(ctx: StageContext): Promise<Record<string, string>>;
  /**
   * `dir` is the (temporary) output folder to write into, if the stage has one; `last`, the stage's
   * previous record, for a stage that can take part of its work from it (compute by indicator)
   */
  run(ctx: StageContext, dir: string, last?: LastRun<Output>): Promise<StageResult<Output>>;
  /** does this stage write an output folder (cache) */
  hasOutput: boolean;
  /** is a cached record still usable (its outputs exist, the version it published is still latest) */
  intact?(ctx: StageContext, record: StageRecord<Output>): Promise<boolean>;
}

/** The absolute path of the output folder an earlier stage of this run wrote (or its cached one). */
export function outputDir(ctx: StageContext, stage: 'normalise' | 'compute'): string {
  const dir = ctx.records[stage]?.dir;
  if (!dir) throw new Error(`${ctx.pipeline.name}: ${stage} has no output folder recorded`);
  return ctx.workspace.resolve(dir);
}

/** A file in that folder. */
export function stageFile(ctx: StageContext, stage: 'normalise' | 'compute', file: string): string {
  return path.join(outputDir(ctx, stage), file);
}
