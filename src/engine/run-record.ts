import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ensureFolder, readJson, writeJsonAtomic } from '../core/fs.ts';
import { hashJson } from '../core/hash.ts';
import type { RunSummary } from './run-summary.ts';
import type { RunOptions } from './stages/types.ts';
import { Workspace } from './workspace.ts';

/**
 * One small JSON file per run, `<out>/.kzstat/runs/<run_id>.json`: what ran,
 * what was published and every warning. A warning that the previous run of
 * the same inputs also gave is `known`; the others are new, and the run's
 * output prints those in full and the known ones as a count, so the one new
 * warning among thirty old ones is not lost. Nothing is dropped: the record
 * and `--json` keep them all.
 *
 * "The same inputs" are the raw folder, the `--input` files and the
 * `--catalog` files, by where they are, not by their bytes: a changed file is
 * the same input with new content, and what it newly causes is new.
 */
export const RUNS_KEPT = 30;

const warning = z.object({
  pipeline: z.string(),
  check: z.string(),
  message: z.string(),
  known: z.boolean(),
});

export const runRecord = z.object({
  run_id: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  status: z.enum(['ok', 'failed']),
  /** hash of the inputs' locations, and the locations */
  inputs: z.object({
    key: z.string(),
    raw: z.string(),
    files: z.array(z.string()),
    catalogs: z.array(z.string()),
  }),
  pipelines: z.array(z.object({ name: z.string(), stages: z.record(z.string(), z.string()) })),
  published: z.array(z.object({ dataset: z.string(), version: z.string() })),
  /** the run whose warnings these were compared with, per pipeline */
  compared_with: z.record(z.string(), z.string()),
  warnings: z.array(warning),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
});
export type RunRecord = z.infer<typeof runRecord>;

function inputsOf(opts: RunOptions): RunRecord['inputs'] {
  const raw = path.resolve(opts.rawDir);
  const files = opts.inputs.map(
    (i) =>
      `${i.indicator ? `${i.indicator}=` : ''}${path.resolve(i.file)}${Object.keys(i.options).length ? `#${new URLSearchParams(i.options)}` : ''}`,
  );
  const catalogs = opts.catalogs.map((c) => path.resolve(c));
  return { key: hashJson({ raw, files, catalogs }).slice(0, 16), raw, files, catalogs };
}

const identity = (w: { pipeline?: string; check: string; message: string }) =>
  JSON.stringify([w.pipeline ?? '', w.check, w.message]);

/**
 * Earlier records, newest first (a run id starts with its time); one that
 * does not parse (cut short, edited) has no record: it is never compared
 * with, only pruned.
 */
async function earlierRecords(workspace: Workspace): Promise<{ file: string; record?: RunRecord }[]> {
  const dir = workspace.runsDir;
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^[^.].*\.json$/.test(n));
  const out: { file: string; record?: RunRecord }[] = [];
  for (const name of names.sort().reverse()) {
    const file = path.join(dir, name);
    const parsed = runRecord.safeParse(await readJson(file).catch(() => undefined));
    out.push({ file, ...(parsed.success ? { record: parsed.data } : {}) });
  }
  return out;
}

/**
 * Marks each warning of the summary known or new, writes the run's record
 * atomically and keeps the newest RUNS_KEPT records (and, beyond those, the
 * newest of each set of inputs, so a run of other inputs in between does not
 * make every warning new again). Returns the record's path.
 */
export async function recordRun(
  opts: RunOptions,
  summary: RunSummary,
  startedAt: Date,
): Promise<{ file: string; compared: Record<string, string> }> {
  const inputs = inputsOf(opts);
  const workspace = new Workspace(opts.outDir);
  const earlier = await earlierRecords(workspace);
  const compared: Record<string, string> = {};
  const knownIds = new Set<string>();
  for (const p of summary.pipelines) {
    const previous = earlier.find(
      (e) => e.record?.inputs.key === inputs.key && e.record.pipelines.some((q) => q.name === p.name),
    )?.record;
    if (!previous) continue;
    compared[p.name] = previous.run_id;
    for (const w of previous.warnings) if (w.pipeline === p.name) knownIds.add(identity(w));
  }
  for (const w of summary.warnings) w.known = knownIds.has(identity(w));
  const record: RunRecord = {
    run_id: summary.run_id,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    status: summary.status,
    inputs,
    pipelines: summary.pipelines.map((p) => ({
      name: p.name,
      stages: Object.fromEntries(p.stages.map((s) => [s.name, s.status])),
    })),
    published: summary.published.map(({ dataset, version }) => ({ dataset, version })),
    compared_with: compared,
    warnings: summary.warnings.map((w) => ({
      pipeline: w.pipeline ?? '',
      check: w.check,
      message: w.message,
      known: Boolean(w.known),
    })),
    ...(summary.error ? { error: summary.error } : {}),
  };
  const file = workspace.runFile(summary.run_id);
  // the records are the program's own: a file where their folder belongs is in the way, not data
  await ensureFolder(workspace.root, workspace.runsDir);
  await writeJsonAtomic(file, record);
  const newestOfKey = new Set<string>([inputs.key]);
  for (const [i, e] of earlier.filter((e) => e.file !== file).entries()) {
    const key = e.record?.inputs.key;
    const newestOfOtherInputs = key !== undefined && !newestOfKey.has(key);
    if (key !== undefined) newestOfKey.add(key);
    // this run's own record is the first of the RUNS_KEPT
    if (i + 1 >= RUNS_KEPT && !newestOfOtherInputs) await rm(e.file, { force: true });
  }
  return { file, compared };
}
