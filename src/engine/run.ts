import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Db } from '../db/duckdb.ts';
import { loadReferenceTables } from '../normalise/reference.ts';
import { removeLeftovers, repairLatestFile } from '../publish/versions.ts';
import { ensureFolder } from '../util/fs.ts';
import { hashJson } from '../util/hash.ts';
import { safeJoin } from '../util/paths.ts';
import { cacheDamage, stampFiles } from './cache-files.ts';
import { asOutputError, ExitCode, KzError, UsageError } from './errors.ts';
import { failpoint } from './failpoint.ts';
import { acquireLock } from './lock.ts';
import type { Pipeline, StageName } from './pipeline.ts';
import { STAGES } from './pipeline.ts';
import { type LoadedPipeline, selectPipelines } from './pipelines.ts';
import type { Progress } from './progress.ts';
import { recordRun } from './run-record.ts';
import { checkStage } from './stages/check.ts';
import { computeStage } from './stages/compute.ts';
import { extractStage } from './stages/extract.ts';
import { normaliseStage } from './stages/normalise.ts';
import { publishStage } from './stages/publish.ts';
import type { RunOptions, Stage, StageContext } from './stages/types.ts';
import { changedComponents, readState, type StageRecord, workDir, writeState } from './state.ts';

/**
 * Runs (or plans) pipelines stage by stage. Each stage's fingerprint is
 * computed from its inputs before it runs; an unchanged stage whose output is
 * still there is `cached` and does no work. `plan` walks the same path
 * without running anything and says why each stage would run.
 */
const stages: Record<StageName, Stage> = {
  extract: extractStage,
  normalise: normaliseStage,
  compute: computeStage,
  check: checkStage,
  publish: publishStage,
};

/** DuckDB's memory limit per pipeline run unless KZSTAT_MEMORY_LIMIT says otherwise. */
export const DEFAULT_MEMORY_LIMIT = '1GB';

export const stageReport = z.object({
  name: z.enum(STAGES),
  status: z.enum(['ran', 'cached', 'skipped', 'failed', 'would run']),
  rows: z.number().optional(),
  ms: z.number(),
  reason: z.string(),
});
export type StageReport = z.infer<typeof stageReport>;

export const runSummary = z.object({
  run_id: z.string(),
  status: z.enum(['ok', 'failed']),
  pipelines: z.array(z.object({ name: z.string(), dataset: z.string(), stages: z.array(stageReport) })),
  published: z.array(z.object({ dataset: z.string(), version: z.string(), path: z.string() })),
  /** `pipeline`: whose stage gave it; `known`: the previous run of the same inputs gave it too (run-record.ts) */
  warnings: z.array(
    z.object({
      check: z.string(),
      message: z.string(),
      pipeline: z.string().optional(),
      known: z.boolean().optional(),
    }),
  ),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
  /** `<out>/.kzstat/runs/<run_id>.json`: this run's record, with every warning */
  record: z.string().optional(),
});
export type RunSummary = z.infer<typeof runSummary>;

/**
 * `--param name=value` for one pipeline: a value is read as JSON (numbers,
 * booleans, lists) unless the parameter wants text ("2022" for a vintage).
 */
function parseParams(pipeline: Pipeline, given: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    const [scope, name] = k.includes('.') ? k.split('.', 2) : [undefined, k];
    if (!scope || scope === pipeline.name) raw[name!] = v;
  }
  const asJson = (v: string) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  const schema = pipeline.params as z.ZodType;
  const candidate: Record<string, unknown> = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, asJson(v)]),
  );
  let parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key in raw) candidate[key] = raw[key];
    }
    parsed = schema.safeParse(candidate);
  }
  if (!parsed.success)
    throw new UsageError(
      `invalid --param for ${pipeline.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data as Record<string, unknown>;
}

/** A parameter no selected pipeline has is a typo, not something to ignore. */
function checkParamNames(pipelines: Pipeline[], given: Record<string, string>): void {
  const names = (p: Pipeline) => Object.keys((p.params as z.ZodObject<z.ZodRawShape>).shape ?? {});
  for (const key of Object.keys(given)) {
    const [scope, name] = key.includes('.') ? key.split('.', 2) : [undefined, key];
    const owners = pipelines.filter((p) => (!scope || p.name === scope) && names(p).includes(name!));
    if (owners.length === 0)
      throw new UsageError(
        `unknown parameter '${key}' (parameters: ${pipelines.flatMap((p) => names(p).map((n) => `${p.name}.${n}`)).join(', ') || 'none'})`,
      );
  }
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

/**
 * Why a cached stage cannot be used although its inputs are unchanged, or
 * undefined if it can: its cache folder no longer holds the files recorded
 * when it was written (missing, cut short, rewritten), or the stage's own
 * test fails (publish: the version it published is no longer latest).
 */
async function outputDamage(ctx: StageContext, stage: Stage, rec: StageRecord): Promise<string | undefined> {
  if (stage.hasOutput) {
    const damage = rec.dir ? await cacheDamage(rec.dir, rec.files) : 'no output folder recorded';
    if (damage) return `cached output damaged: ${damage}`;
  }
  return stage.intact && !(await stage.intact(ctx, rec)) ? 'its output is gone' : undefined;
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
  const work = workDir(opts.outDir);
  let lock: Awaited<ReturnType<typeof acquireLock>> | undefined;
  try {
    await mkdir(work, { recursive: true });
    lock = deps.plan
      ? undefined
      : await acquireLock(path.join(work, 'lock'), process.argv.slice(2).join(' '));
  } catch (e) {
    throw asOutputError(e) ?? e;
  }
  try {
    if (lock?.tookOverFrom)
      opts.log.warn(
        `took over a stale lock of PID ${lock.tookOverFrom.pid} (${lock.tookOverFrom.startedAt})`,
      );
    for (const lp of selected) {
      if (!deps.plan) await cleanLeftovers(opts, lp.pipeline);
      const report = await runOne(lp, opts, deps, runId, summary);
      summary.pipelines.push(report);
    }
    if (!deps.plan) await keepRecord(opts, summary, startedAt);
  } finally {
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

async function cleanLeftovers(opts: RunOptions, pipeline: Pipeline): Promise<void> {
  for (const n of await removeLeftovers(opts.outDir, pipeline.dataset))
    opts.log.info(`removed ${n}, left by an interrupted publish of ${pipeline.dataset}`);
  const mended = await repairLatestFile(opts.outDir, pipeline.dataset);
  if (mended) opts.log.info(`${pipeline.dataset}/LATEST set to ${mended}, where the latest link points`);
  const cache = path.join(workDir(opts.outDir), 'cache', pipeline.name);
  for (const stage of await readdir(cache).catch(() => [] as string[]))
    for (const d of await readdir(path.join(cache, stage)).catch(() => [] as string[]))
      if (d.startsWith('.tmp-')) await rm(path.join(cache, stage, d), { recursive: true, force: true });
}

async function runOne(
  lp: LoadedPipeline,
  opts: RunOptions,
  deps: RunDeps,
  runId: string,
  summary: RunSummary,
) {
  const { pipeline } = lp;
  const state = await readState(opts.outDir, pipeline.name);
  const sel = selection(opts);
  const report = { name: pipeline.name, dataset: pipeline.dataset, stages: [] as StageReport[] };
  let db: Db | undefined;
  const ctx: StageContext = {
    pipeline,
    pipelineFile: lp.file,
    params: parseParams(pipeline, opts.params),
    opts,
    runId,
    log: opts.log,
    fingerprints: {},
    records: {},
    memo: {},
    async db() {
      db ??= await this.freshDb();
      return db;
    },
    async freshDb() {
      const tmp = path.join(workDir(opts.outDir), 'tmp');
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
      const fresh = await Db.open({
        tempDirectory: tmp,
        memoryLimit: process.env.KZSTAT_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT,
      });
      await loadReferenceTables(
        fresh,
        opts.catalogs.map((c) => path.resolve(c)),
      );
      return fresh;
    },
  };
  const lastSelected = Math.max(...[...sel.run].map((s) => STAGES.indexOf(s)));
  try {
    for (const [i, name] of STAGES.entries()) {
      const stage = stages[name];
      const label = `${pipeline.name} ▸ ${name}`;
      if (i > lastSelected) {
        report.stages.push({ name, status: 'skipped', ms: 0, reason: `not selected (--only ${opts.only})` });
        continue;
      }
      const t0 = Date.now();
      deps.progress.start(label);
      let components: Record<string, string>;
      try {
        components = await stage.components(ctx);
      } catch (e) {
        deps.progress.end(label, 'failed');
        report.stages.push({
          name,
          status: 'failed',
          ms: Date.now() - t0,
          reason: (e as Error).message.split('\n')[0]!,
        });
        throw e;
      }
      const fingerprint = hashJson(components);
      ctx.fingerprints[name] = fingerprint;
      const prev = state.stages[name];
      const damage = prev?.fingerprint === fingerprint ? await outputDamage(ctx, stage, prev) : undefined;
      const upToDate = prev?.fingerprint === fingerprint && !damage;
      const forcedBy = sel.forcedBy[name];
      // A stage before --from/--only whose inputs are unchanged but whose cache is damaged is simply run
      // again: the user asked for the stages after it, and a damaged cache is no reason to refuse them.
      const heal =
        !sel.run.has(name) &&
        ((prev?.fingerprint === fingerprint && damage !== undefined) ||
          (!prev && state.damaged !== undefined));

      if (!heal && (!sel.run.has(name) || (upToDate && !forcedBy))) {
        if (!upToDate) {
          deps.progress.end(label, 'failed');
          const why = reasonFor(prev, components, undefined, damage, state.damaged);
          throw new UsageError(
            `${pipeline.name}: stage ${name} is out of date (${why}); ${opts.only ? `--only ${opts.only}` : `--from ${opts.from}`} needs it up to date: run from ${name} or without --only/--from`,
          );
        }
        ctx.records[name] = prev!;
        summary.warnings.push(...prev!.warnings.map((w) => ({ ...w, pipeline: pipeline.name })));
        deps.progress.end(label, 'cached');
        report.stages.push({
          name,
          status: 'cached',
          ms: Date.now() - t0,
          ...(prev!.rows !== undefined ? { rows: prev!.rows } : {}),
          reason: `unchanged since ${prev!.finishedAt}`,
        });
        continue;
      }

      const reason = reasonFor(prev, components, heal ? undefined : forcedBy, damage, state.damaged);
      if (deps.plan) {
        deps.progress.end(label, 'would run', reason);
        report.stages.push({ name, status: 'would run', ms: 0, reason });
        // What follows a stage that would run cannot be cached either: its upstream changes.
        continue;
      }
      const dir = stage.hasOutput
        ? path.join(workDir(opts.outDir), 'cache', pipeline.name, name, fingerprint.slice(0, 16))
        : undefined;
      const tmpDir = dir
        ? path.join(path.dirname(dir), `.tmp-${path.basename(dir)}-${process.pid}`)
        : undefined;
      try {
        if (tmpDir) {
          // a file where a cache folder belongs is in the way (the cache holds only what a run makes again)
          await ensureFolder(workDir(opts.outDir), path.dirname(tmpDir));
          await rm(tmpDir, { recursive: true, force: true });
          await mkdir(tmpDir);
        }
        const out = await stage.run(ctx, tmpDir ?? '');
        failpoint(`${name}:ran`);
        if (dir && tmpDir) {
          await rm(dir, { recursive: true, force: true });
          await rename(tmpDir, dir);
        }
        const record: StageRecord = {
          fingerprint,
          components,
          finishedAt: new Date().toISOString(),
          ...(dir ? { dir, files: await stampFiles(dir) } : {}),
          ...(out.rows !== undefined ? { rows: out.rows } : {}),
          warnings: out.warnings,
          data: rebase(out.data, tmpDir, dir),
        };
        ctx.records[name] = record;
        state.stages[name] = record;
        await writeState(opts.outDir, state);
        failpoint(`${name}:recorded`);
        summary.warnings.push(...out.warnings.map((w) => ({ ...w, pipeline: pipeline.name })));
        deps.progress.end(label, 'ran', out.rows !== undefined ? `${out.rows} rows` : '');
        report.stages.push({
          name,
          status: 'ran',
          ms: Date.now() - t0,
          ...(out.rows !== undefined ? { rows: out.rows } : {}),
          reason: out.note ? `${reason}; ${out.note}` : reason,
        });
        if (name === 'publish') noteVersion(summary, opts, pipeline, record);
      } catch (e) {
        if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
        deps.progress.end(label, 'failed');
        report.stages.push({
          name,
          status: 'failed',
          ms: Date.now() - t0,
          reason: (e as Error).message.split('\n')[0]!,
        });
        throw e;
      }
    }
    if (!deps.plan) await pruneCache(opts, pipeline.name, state);
  } catch (thrown) {
    const e = asOutputError(thrown) ?? thrown;
    summary.status = 'failed';
    const code = e instanceof KzError ? e.exitCode : ExitCode.internal;
    const message = e instanceof KzError ? e.message : `internal error: ${(e as Error).stack ?? String(e)}`;
    summary.error ??= { code, message: `${pipeline.name}: ${message}` };
    if (!(e instanceof KzError) || e.exitCode === ExitCode.locked || e.exitCode === ExitCode.usage) throw e;
  } finally {
    db?.close();
  }
  return report;
}

/** Paths recorded while a stage wrote into its temporary folder, moved to the final one. */
function rebase(
  data: Record<string, unknown>,
  from: string | undefined,
  to: string | undefined,
): Record<string, unknown> {
  if (!from || !to) return data;
  return JSON.parse(
    JSON.stringify(data).replaceAll(JSON.stringify(from).slice(1, -1), JSON.stringify(to).slice(1, -1)),
  );
}

function noteVersion(summary: RunSummary, opts: RunOptions, pipeline: Pipeline, rec: StageRecord): void {
  const d = rec.data as { version?: string | null; unchanged?: boolean };
  if (d.version && d.unchanged === false)
    summary.published.push({
      dataset: pipeline.dataset,
      version: d.version,
      path: path.join(safeJoin(opts.outDir, pipeline.dataset), d.version),
    });
}

/** Cache folders of this pipeline that no stage record points at any more. */
async function pruneCache(
  opts: RunOptions,
  pipelineName: string,
  state: { stages: Partial<Record<StageName, StageRecord>> },
) {
  const keep = new Set(Object.values(state.stages).flatMap((r) => (r?.dir ? [r.dir] : [])));
  const cache = path.join(workDir(opts.outDir), 'cache', pipelineName);
  for (const stage of await readdir(cache).catch(() => [] as string[]))
    for (const d of await readdir(path.join(cache, stage)).catch(() => [] as string[])) {
      const p = path.join(cache, stage, d);
      if (!keep.has(p)) await rm(p, { recursive: true, force: true });
    }
}
