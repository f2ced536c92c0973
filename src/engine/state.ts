import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fileStamp } from '../core/cache-files.ts';
import { ensureFolder, writeJsonAtomic } from '../core/fs.ts';
import { stageOutputs } from './stages/outputs.ts';
import type { StageRecords } from './stages/types.ts';
import type { Workspace } from './workspace.ts';

/** What each stage of a pipeline last produced (`<out>/.kzstat/state/<pipeline>.json`), keyed by fingerprint. */
export interface PipelineState {
  pipeline: string;
  stages: StageRecords;
  /** set when the state file was there but could not be read: every stage runs, and says why */
  damaged?: string;
}

/**
 * The layout of the state file. A file of an earlier format (before 2, records held absolute paths and
 * untyped outputs) is no earlier run: every stage runs once, without calling the cache damaged.
 */
const FORMAT = 2;

function stageRecord<T extends z.ZodType>(output: T) {
  return z.object({
    fingerprint: z.string(),
    components: z.record(z.string(), z.string()),
    finishedAt: z.string(),
    dir: z.string().optional(),
    files: z.record(z.string(), fileStamp).optional(),
    rows: z.number().optional(),
    warnings: z.array(z.object({ check: z.string(), message: z.string() })),
    data: output,
  });
}

const pipelineState = z.object({
  format: z.literal(FORMAT),
  pipeline: z.string(),
  stages: z.object({
    extract: stageRecord(stageOutputs.extract).optional(),
    normalise: stageRecord(stageOutputs.normalise).optional(),
    compute: stageRecord(stageOutputs.compute).optional(),
    check: stageRecord(stageOutputs.check).optional(),
    publish: stageRecord(stageOutputs.publish).optional(),
  }),
});

const earlierFormat = z.object({ pipeline: z.string(), format: z.number().optional() });

/**
 * The state of a pipeline. A state file that is missing means no earlier run;
 * one that is cut short, not JSON or not of this shape (a crash of the disk, a
 * hand edit) is treated the same way, with the reason kept for `plan`: the
 * cache is a convenience, never a reason to stop.
 */
export async function readState(workspace: Workspace, pipeline: string): Promise<PipelineState> {
  const file = workspace.stateFile(pipeline);
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
  if (parsed.success && parsed.data.pipeline === pipeline) return { pipeline, stages: parsed.data.stages };
  const earlier = earlierFormat.safeParse(json);
  if (earlier.success && earlier.data.pipeline === pipeline && earlier.data.format !== FORMAT)
    return { pipeline, stages: {} };
  return { pipeline, stages: {}, damaged: `${file} is not a state of ${pipeline}` };
}

export async function writeState(workspace: Workspace, state: PipelineState): Promise<void> {
  const file = workspace.stateFile(state.pipeline);
  await ensureFolder(workspace.root, path.dirname(file));
  await writeJsonAtomic(file, { format: FORMAT, pipeline: state.pipeline, stages: state.stages });
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
