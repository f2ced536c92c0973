import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ensureFolder, writeJsonAtomic } from '../core/fs.ts';
import { safeJoin } from '../core/paths.ts';
import { STAGES, type StageName } from '../core/pipeline.ts';
import { type FileStamp, fileStamp } from './cache-files.ts';

/**
 * What each stage of a pipeline last produced, keyed by the fingerprint of
 * its inputs: `<out>/.kzstat/state/<pipeline>.json`. A stage whose new
 * fingerprint equals the stored one, and whose output is still there, is cached.
 */
export interface StageRecord {
  fingerprint: string;
  /** the named parts of the fingerprint, so `plan` can say what changed */
  components: Record<string, string>;
  finishedAt: string;
  /** the stage's output folder, if it has one */
  dir?: string;
  /** each file of that folder with its size and sha256 when written, to tell a damaged cache */
  files?: Record<string, FileStamp>;
  rows?: number;
  warnings: { check: string; message: string }[];
  data: Record<string, unknown>;
}

export interface PipelineState {
  pipeline: string;
  stages: Partial<Record<StageName, StageRecord>>;
  /** set when the state file was there but could not be read: every stage runs, and says why */
  damaged?: string;
}

const stageRecord = z.object({
  fingerprint: z.string(),
  components: z.record(z.string(), z.string()),
  finishedAt: z.string(),
  dir: z.string().optional(),
  files: z.record(z.string(), fileStamp).optional(),
  rows: z.number().optional(),
  warnings: z.array(z.object({ check: z.string(), message: z.string() })),
  data: z.record(z.string(), z.unknown()),
});
const pipelineState = z.object({
  pipeline: z.string(),
  stages: z.partialRecord(z.enum(STAGES), stageRecord),
});

export function workDir(outDir: string): string {
  return path.join(outDir, '.kzstat');
}

function stateFile(outDir: string, pipeline: string): string {
  return safeJoin(path.join(workDir(outDir), 'state'), `${pipeline}.json`);
}

/**
 * The state of a pipeline. A state file that is missing means no earlier run;
 * one that is cut short, not JSON or not of this shape (a crash of the disk, a
 * hand edit) is treated the same way, with the reason kept for `plan`: the
 * cache is a convenience, never a reason to stop.
 */
export async function readState(outDir: string, pipeline: string): Promise<PipelineState> {
  const file = stateFile(outDir, pipeline);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { pipeline, stages: {} };
    return { pipeline, stages: {}, damaged: `${file} cannot be read (${(e as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { pipeline, stages: {}, damaged: `${file} is not valid JSON (${(e as Error).message})` };
  }
  const parsed = pipelineState.safeParse(json);
  if (!parsed.success || parsed.data.pipeline !== pipeline)
    return { pipeline, stages: {}, damaged: `${file} is not a state of ${pipeline}` };
  return parsed.data as PipelineState;
}

export async function writeState(outDir: string, state: PipelineState): Promise<void> {
  await ensureFolder(workDir(outDir), path.dirname(stateFile(outDir, state.pipeline)));
  await writeJsonAtomic(stateFile(outDir, state.pipeline), {
    pipeline: state.pipeline,
    stages: state.stages,
  });
}

/** Why a stage must run, from the difference of its fingerprint components. */
export function changedComponents(before: Record<string, string>, after: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) out.push(describe(k, 'is new', 'added'));
    else if (before[k] !== v) out.push(describe(k, 'changed', 'changed'));
  }
  for (const k of Object.keys(before)) if (!(k in after)) out.push(describe(k, 'was removed', 'removed'));
  return out;
}

/**
 * One change in words. Code and packages lead with the change ("code changed: src/core/duckdb.ts"), since a
 * stage runs dozens of modules and the reader looks for which one.
 */
function describe(key: string, change: string, codeChange: string): string {
  const [kind, ...rest] = key.split(':');
  const name = rest.join(':');
  if (kind === 'code' || kind === 'package') return `${kind} ${codeChange}: ${name}`;
  return `${what(kind, name, key)} ${change}`;
}

function what(kind: string | undefined, name: string, key: string): string {
  switch (kind) {
    case 'input':
      return `input ${name}`;
    case 'param':
      return `parameter ${name}`;
    case 'upstream':
      return `the output of ${name}`;
    case 'reference':
      return `reference table ${name}`;
    case 'catalog':
      return `catalogue ${name}`;
    default:
      return key;
  }
}
