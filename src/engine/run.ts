import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Db } from '../core/duckdb.ts';
import { asOutputError, ExitCode, KzError, UsageError } from '../core/errors.ts';
import { acquireLock } from '../core/lock.ts';
import { checkParamNames, parseParams } from '../core/parameters.ts';
import { safeJoin } from '../core/paths.ts';
import type { Pipeline, StageName } from '../core/pipeline.ts';
import { STAGES } from '../core/pipeline.ts';
import type { Progress } from '../core/progress.ts';
import { loadSharedMacros } from '../models/macros.ts';
import { ReferenceSnapshot } from '../normalise/reference-snapshot.ts';
import { removeLeftovers, repairLatestFile } from '../publish/versions.ts';
import { CodeSnapshot } from './code-hash.ts';
import { type LoadedPipeline, selectPipelines } from './pipelines.ts';
import { recordRun } from './run-record.ts';
import type { RunSummary, StageReport } from './run-summary.ts';
import { runStage, skippedStage } from './stage-runner.ts';
import { checkStage } from './stages/check.ts';
import { computeStage } from './stages/compute.ts';
import { extractStage } from './stages/extract.ts';
import { normaliseStage } from './stages/normalise.ts';
import type { StageOutputs } from './stages/outputs.ts';
import { publishStage } from './stages/publish.ts';
import type { RunOptions, Stage, StageContext, StageRecord } from './stages/types.ts';
import { type PipelineState, readState } from './state.ts';
import { Workspace } from './workspace.ts';

/**
 * Runs (or plans) pipelines stage by stage. Each stage's fingerprint is
 * computed from its inputs before it runs; an unchanged stage whose output is
 * still there is `cached` and does no work. `plan` walks the same path
 * without running anything and says why each stage would run.
 */
const stages: { [S in StageName]: Stage<StageOutputs[S]> } = {
  extract: extractStage,
  normalise: normaliseStage,
  compute: computeStage,
  check: checkStage,
  publish: publishStage,
};

/**
 * DuckDB's memory limit per pipeline run unless KZSTAT_MEMORY_LIMIT says otherwise. In the measurements
 * the process's peak RSS was this plus 0.3 to 0.5 GiB: a run over 10 million rows peaked at 0.82 to
 * 1.03 GiB with 512MB, at 0.76 to 0.89 GiB with 448MB (about 5 % more time spent spilling), at 1.8 GiB with
 * 1GB (bench/RESULTS.md). A machine with memory to spare gives it more.
 */
export const DEFAULT_MEMORY_LIMIT = '448MB';

/** The folder of a run's reference snapshot in the workspace's temp folder is this and the run's id. */
const REFERENCE_PREFIX = 'reference-';

interface Selection {
  run: Set<StageName>;
  forcedBy: Partial<Record<StageName, string>>;
}

function selection(opts: RunOptions): Selection {
  const forcedBy: Partial<Record<StageName, string>> = {};
  if (opts.only) {
    forcedBy[opts.only] = `--only ${opts.only}`;
    return { run: new Set([opts.only]), forcedBy };
  }
  const from = opts.from ? STAGES.indexOf(opts.from) : 0;
  const run = new Set(STAGES.slice(from));
  for (const s of run) if (opts.force) forcedBy[s] = '--force';
  if (opts.from) for (const s of run) forcedBy[s] = `--from ${opts.from}`;
  return { run, forcedBy };
}

export interface RunDeps {
  progress: Progress;
  plan?: boolean;
}

export async function runPipelines(opts: RunOptions, deps: RunDeps): Promise<RunSummary> {
  const startedAt = new Date();
  const runId = `${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
  const summary: RunSummary = { run_id: runId, status: 'ok', pipelines: [], published: [], warnings: [] };
  if (opts.only && opts.from) throw new UsageError('--only and --from cannot be combined');
  const selected = await selectPipelines(opts.pipelines);
  checkParamNames(
    selected.map((s) => s.pipeline),
    opts.params,
  );
  const workspace = new Workspace(opts.outDir);
  const invocation: Invocation = {
    runId,
    workspace,
    code: new CodeSnapshot(),
    reference: new ReferenceSnapshot(path.join(workspace.tmpDir, `${REFERENCE_PREFIX}${runId}`)),
  };
  let lock: Awaited<ReturnType<typeof acquireLock>> | undefined;
  try {
    await mkdir(workspace.root, { recursive: true });
    lock = deps.plan ? undefined : await acquireLock(workspace.lockFile, process.argv.slice(2).join(' '));
  } catch (e) {
    throw asOutputError(e) ?? e;
  }
  try {
    // under the lock: no other run of this output folder is using its snapshot
    if (lock) await ReferenceSnapshot.removeLeftovers(workspace.tmpDir, REFERENCE_PREFIX);
    if (lock?.tookOverFrom)
      opts.log.warn(
        `took over a stale lock of PID ${lock.tookOverFrom.pid} (${lock.tookOverFrom.startedAt})`,
      );
    for (const lp of selected) {
      if (!deps.plan) await cleanLeftovers(opts, workspace, lp.pipeline);
      const report = await runOne(lp, opts, deps, invocation, summary);
      summary.pipelines.push(report);
    }
    if (!deps.plan) await keepRecord(opts, summary, startedAt);
  } finally {
    await invocation.reference.remove();
    await lock?.release();
    deps.progress.stop();
  }
  return summary;
}

/** The run's record is for people reading the output later: failing to write it never hides the run's own outcome. */
async function keepRecord(opts: RunOptions, summary: RunSummary, startedAt: Date): Promise<void> {
  try {
    summary.record = (await recordRun(opts, summary, startedAt)).file;
  } catch (e) {
    const why = asOutputError(e)?.message ?? (e as Error).message;
    opts.log.warn(`the run's record was not written (${why}); every warning is shown as new`);
    for (const w of summary.warnings) w.known = false;
  }
}

async function cleanLeftovers(opts: RunOptions, workspace: Workspace, pipeline: Pipeline): Promise<void> {
  for (const n of await removeLeftovers(workspace.outDir, pipeline.dataset))
    opts.log.info(`removed ${n}, left by an interrupted publish of ${pipeline.dataset}`);
  const mended = await repairLatestFile(workspace.outDir, pipeline.dataset);
  if (mended) opts.log.info(`${pipeline.dataset}/LATEST set to ${mended}, where the latest link points`);
  const cache = workspace.cacheDir(pipeline.name);
  for (const stage of await readdir(cache).catch(() => [] as string[]))
    for (const d of await readdir(path.join(cache, stage)).catch(() => [] as string[]))
      if (d.startsWith('.tmp-')) await rm(path.join(cache, stage, d), { recursive: true, force: true });
}

/** What the pipelines of one invocation share: its run id, the output folder, the code it fingerprints, the reference tables. */
interface Invocation {
  runId: string;
  workspace: Workspace;
  code: CodeSnapshot;
  reference: ReferenceSnapshot;
}

/** The stages of one pipeline, in order; the first that fails stops them. */
async function runOne(
  lp: LoadedPipeline,
  opts: RunOptions,
  deps: RunDeps,
  invocation: Invocation,
  summary: RunSummary,
) {
  const { pipeline } = lp;
  const { workspace } = invocation;
  const state = await readState(workspace, pipeline.name);
  const sel = selection(opts);
  const report = { name: pipeline.name, dataset: pipeline.dataset, stages: [] as StageReport[] };
  const { ctx, close } = stageContext(lp, opts, invocation);
  const lastSelected = Math.max(...[...sel.run].map((s) => STAGES.indexOf(s)));
  try {
    for (const [i, name] of STAGES.entries()) {
      const outcome =
        i > lastSelected
          ? skippedStage(name, opts.only)
          : await runStage({
              name,
              stage: stages[name] as Stage<unknown>,
              ctx,
              state,
              selected: sel.run.has(name),
              forcedBy: sel.forcedBy[name],
              plan: Boolean(deps.plan),
              progress: deps.progress,
            });
      report.stages.push(outcome.report);
      if (outcome.error !== undefined) throw outcome.error;
      if (!outcome.record) continue;
      (ctx.records as Record<StageName, StageRecord>)[name] = outcome.record;
      summary.warnings.push(...outcome.record.warnings.map((w) => ({ ...w, pipeline: pipeline.name })));
      if (name === 'publish' && outcome.report.status === 'ran')
        noteVersion(summary, opts, pipeline, outcome.record.data as StageOutputs['publish']);
    }
    if (!deps.plan) await pruneCache(workspace, pipeline.name, state);
  } catch (thrown) {
    const e = asOutputError(thrown) ?? thrown;
    summary.status = 'failed';
    const code = e instanceof KzError ? e.exitCode : ExitCode.internal;
    const message = e instanceof KzError ? e.message : `internal error: ${(e as Error).stack ?? String(e)}`;
    summary.error ??= { code, message: `${pipeline.name}: ${message}` };
    if (!(e instanceof KzError) || e.exitCode === ExitCode.locked || e.exitCode === ExitCode.usage) throw e;
  } finally {
    close();
  }
  return report;
}

/** What the stages of one pipeline share: its definition, parameters, records, and DuckDB on demand. */
function stageContext(
  lp: LoadedPipeline,
  opts: RunOptions,
  { runId, workspace, code, reference }: Invocation,
): { ctx: StageContext; close(): void } {
  let db: Db | undefined;
  const ctx: StageContext = {
    pipeline: lp.pipeline,
    pipelineFile: lp.file,
    params: parseParams(lp.pipeline, opts.params),
    opts,
    workspace,
    runId,
    code,
    log: opts.log,
    fingerprints: {},
    records: {},
    memo: {},
    async db() {
      db ??= await this.freshDb();
      return db;
    },
    freshDb: () => openDb(opts, workspace, reference),
  };
  return { ctx, close: () => db?.close() };
}

/** A DuckDB with the reference tables and the macros pipelines may call loaded, spilling into the workspace's temp folder. */
async function openDb(opts: RunOptions, workspace: Workspace, reference: ReferenceSnapshot): Promise<Db> {
  const tmp = workspace.tmpDir;
  // DuckDB's spill folder: anything else in its place (a file, a dangling link) is in the way, not data
  if (
    !(await stat(tmp).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    await rm(tmp, { force: true });
  await mkdir(tmp, { recursive: true });
  // DuckDB keeps within this and spills to the temp folder beyond it, so a large extract does not take
  // the machine's memory (its default is 80 % of RAM). KZSTAT_MEMORY_LIMIT overrides it.
  const db = await Db.open({
    tempDirectory: tmp,
    memoryLimit: process.env.KZSTAT_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT,
  });
  await reference.load(
    db,
    opts.catalogs.map((c) => path.resolve(c)),
  );
  await loadSharedMacros(db);
  return db;
}

function noteVersion(
  summary: RunSummary,
  opts: RunOptions,
  pipeline: Pipeline,
  published: StageOutputs['publish'],
): void {
  if (published.version && published.unchanged === false)
    summary.published.push({
      dataset: pipeline.dataset,
      version: published.version,
      path: path.join(safeJoin(opts.outDir, pipeline.dataset), published.version),
    });
}

/** Cache folders of this pipeline that no stage record points at any more. */
async function pruneCache(workspace: Workspace, pipelineName: string, state: PipelineState) {
  const keep = new Set(
    Object.values(state.stages).flatMap((r) => (r?.dir ? [workspace.resolve(r.dir)] : [])),
  );
  const cache = workspace.cacheDir(pipelineName);
  for (const stage of await readdir(cache).catch(() => [] as string[]))
    for (const d of await readdir(path.join(cache, stage)).catch(() => [] as string[])) {
      const p = path.join(cache, stage, d);
      if (!keep.has(p)) await rm(p, { recursive: true, force: true });
    }
}
