import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { cacheDamage, stampFiles } from '../core/cache-files.ts';
import { UsageError } from '../core/errors.ts';
import { failpoint } from '../core/failpoint.ts';
import { ensureFolder } from '../core/fs.ts';
import { hashJson } from '../core/hash.ts';
import type { StageName } from '../core/pipeline.ts';
import type { Progress } from '../core/progress.ts';
import type { StageReport } from './run-summary.ts';
import type { Stage, StageContext, StageRecord } from './stages/types.ts';
import { changedComponents, type PipelineState, writeState } from './state.ts';

/**
 * One stage of one pipeline, from its fingerprint to its outcome. Whatever
 * happens (cached, planned, ran, failed, skipped), the stage's line of the
 * run summary is built here, in `result`, the way dbt's BaseRunner builds a
 * RunResult in one place with its error and skip results beside it.
 */
export interface StageTurn {
  name: StageName;
  stage: Stage<unknown>;
  ctx: StageContext;
  state: PipelineState;
  /** is this stage among those the run was asked for (--only/--from) */
  selected: boolean;
  /** the flag that forces it to run although cached */
  forcedBy?: string;
  plan: boolean;
  progress: Progress;
}

export interface StageOutcome {
  report: StageReport;
  /** the record the stages after it read: new (ran) or cached; none when planned or failed */
  record?: StageRecord;
  /** set when the stage failed: the run stops after reporting it */
  error?: unknown;
}

/** A stage after the last one `--only` selected. */
export function skippedStage(name: StageName, only: StageName | undefined): StageOutcome {
  return { report: { name, status: 'skipped', ms: 0, reason: `not selected (--only ${only})` } };
}

export async function runStage(turn: StageTurn): Promise<StageOutcome> {
  const { name, stage, ctx, state } = turn;
  const label = `${ctx.pipeline.name} ▸ ${name}`;
  const t0 = Date.now();
  const result = (
    status: StageReport['status'],
    reason: string,
    extra: Omit<StageOutcome, 'report'> = {},
  ): StageOutcome => {
    if (status === 'would run') turn.progress.end(label, status, reason);
    else if (status === 'ran')
      turn.progress.end(label, status, extra.record?.rows !== undefined ? `${extra.record.rows} rows` : '');
    else turn.progress.end(label, status);
    const rows = status === 'ran' || status === 'cached' ? extra.record?.rows : undefined;
    return {
      report: {
        name,
        status,
        ms: status === 'would run' ? 0 : Date.now() - t0,
        ...(rows !== undefined ? { rows } : {}),
        reason,
      },
      ...extra,
    };
  };
  const firstLine = (e: unknown) => (e as Error).message.split('\n')[0]!;

  turn.progress.start(label);
  let components: Record<string, string>;
  try {
    components = await stage.components(ctx);
  } catch (e) {
    return result('failed', firstLine(e), { error: e });
  }
  const fingerprint = hashJson(components);
  ctx.fingerprints[name] = fingerprint;
  const prev = state.stages[name] as StageRecord | undefined;
  const damage = prev?.fingerprint === fingerprint ? await outputDamage(ctx, stage, prev) : undefined;
  const upToDate = prev?.fingerprint === fingerprint && !damage;
  // A stage before --from/--only whose inputs are unchanged but whose cache is damaged is simply run
  // again: the user asked for the stages after it, and a damaged cache is no reason to refuse them.
  const heal =
    !turn.selected &&
    ((prev?.fingerprint === fingerprint && damage !== undefined) || (!prev && state.damaged !== undefined));

  if (!heal && (!turn.selected || (upToDate && !turn.forcedBy))) {
    if (!upToDate) {
      const why = reasonFor(prev, components, undefined, damage, state.damaged);
      const opts = ctx.opts;
      const error = new UsageError(
        `${ctx.pipeline.name}: stage ${name} is out of date (${why}); ${opts.only ? `--only ${opts.only}` : `--from ${opts.from}`} needs it up to date: run from ${name} or without --only/--from`,
      );
      return result('failed', firstLine(error), { error });
    }
    return result('cached', `unchanged since ${prev!.finishedAt}`, { record: prev! });
  }

  const reason = reasonFor(prev, components, heal ? undefined : turn.forcedBy, damage, state.damaged);
  // What follows a stage that would run cannot be cached either: its upstream changes.
  if (turn.plan) return result('would run', reason);
  try {
    const { record, note } = await execute(turn, fingerprint, components);
    // what the run did, beyond why it ran (normalise: which inputs it normalised, which came from its cache)
    return result('ran', note ? `${reason}; ${note}` : reason, { record });
  } catch (e) {
    return result('failed', firstLine(e), { error: e });
  }
}

/** Runs the stage into a temporary folder, moves that into place and records it in the state; with the stage's note. */
async function execute(
  turn: StageTurn,
  fingerprint: string,
  components: Record<string, string>,
): Promise<{ record: StageRecord; note?: string }> {
  const { name, stage, ctx, state } = turn;
  const workspace = ctx.workspace;
  const dir = stage.hasOutput ? workspace.stageDir(ctx.pipeline.name, name, fingerprint) : undefined;
  const final = dir ? workspace.resolve(dir) : undefined;
  const tmp = final
    ? path.join(path.dirname(final), `.tmp-${path.basename(final)}-${process.pid}`)
    : undefined;
  try {
    if (tmp) {
      // a file where a cache folder belongs is in the way (the cache holds only what a run makes again)
      await ensureFolder(workspace.root, path.dirname(tmp));
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp);
    }
    const prev = state.stages[name] as StageRecord | undefined;
    const last = prev && {
      record: prev,
      ...(prev.dir ? { dir: workspace.resolve(prev.dir) } : {}),
      changed: [...new Set([...Object.keys(prev.components), ...Object.keys(components)])].filter(
        (k) => prev.components[k] !== components[k],
      ),
    };
    const out = await stage.run(ctx, tmp ?? '', last);
    failpoint(`${name}:ran`);
    if (final && tmp) {
      await rm(final, { recursive: true, force: true });
      await rename(tmp, final);
    }
    const record: StageRecord = {
      fingerprint,
      components,
      finishedAt: new Date().toISOString(),
      ...(dir && final ? { dir, files: await stampFiles(final) } : {}),
      ...(out.rows !== undefined ? { rows: out.rows } : {}),
      warnings: out.warnings,
      data: stage.output.parse(out.data),
    };
    (state.stages as Record<StageName, StageRecord>)[name] = record;
    await writeState(workspace, state);
    failpoint(`${name}:recorded`);
    return { record, ...(out.note ? { note: out.note } : {}) };
  } catch (e) {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Why a cached stage cannot be used although its inputs are unchanged, or
 * undefined if it can: its cache folder no longer holds the files recorded
 * when it was written (missing, cut short, rewritten), or the stage's own
 * test fails (publish: the version it published is no longer latest).
 */
async function outputDamage(
  ctx: StageContext,
  stage: Stage<unknown>,
  rec: StageRecord,
): Promise<string | undefined> {
  if (stage.hasOutput) {
    const damage = rec.dir
      ? await cacheDamage(ctx.workspace.resolve(rec.dir), rec.files)
      : 'no output folder recorded';
    if (damage) return `cached output damaged: ${damage}`;
  }
  return stage.intact && !(await stage.intact(ctx, rec)) ? 'its output is gone' : undefined;
}

function reasonFor(
  prev: StageRecord | undefined,
  components: Record<string, string>,
  forcedBy?: string,
  damage?: string,
  stateDamage?: string,
): string {
  if (forcedBy) return `forced by ${forcedBy}`;
  if (!prev) return stateDamage ? `cached output damaged: ${stateDamage}` : 'no earlier run';
  const changes = changedComponents(prev.components, components);
  if (changes.length === 0) return damage ?? 'its output is gone';
  const upstream = changes.filter((c) => c.startsWith('the output of'));
  const own = changes.filter((c) => !c.startsWith('the output of'));
  return [
    ...own.slice(0, 4),
    ...(own.length > 4 ? [`${own.length - 4} more changes`] : []),
    ...upstream,
  ].join('; ');
}
