import path from 'node:path';
import { readJson, writeJsonAtomic } from '../util/fs.ts';
import { safeJoin } from '../util/paths.ts';
import type { StageName } from './pipeline.ts';

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
  rows?: number;
  warnings: { check: string; message: string }[];
  data: Record<string, unknown>;
}

export interface PipelineState {
  pipeline: string;
  stages: Partial<Record<StageName, StageRecord>>;
}

export function workDir(outDir: string): string {
  return path.join(outDir, '.kzstat');
}

function stateFile(outDir: string, pipeline: string): string {
  return safeJoin(path.join(workDir(outDir), 'state'), `${pipeline}.json`);
}

export async function readState(outDir: string, pipeline: string): Promise<PipelineState> {
  return (await readJson<PipelineState>(stateFile(outDir, pipeline))) ?? { pipeline, stages: {} };
}

export async function writeState(outDir: string, state: PipelineState): Promise<void> {
  await writeJsonAtomic(stateFile(outDir, state.pipeline), state);
}

/** Why a stage must run, from the difference of its fingerprint components. */
export function changedComponents(before: Record<string, string>, after: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(after)) {
    if (!(k in before)) out.push(`${describe(k)} is new`);
    else if (before[k] !== v) out.push(`${describe(k)} changed`);
  }
  for (const k of Object.keys(before)) if (!(k in after)) out.push(`${describe(k)} was removed`);
  return out;
}

function describe(key: string): string {
  const [kind, ...rest] = key.split(':');
  const name = rest.join(':');
  switch (kind) {
    case 'input':
      return `input ${name}`;
    case 'code':
      return `code ${name}`;
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
