import path from 'node:path';
import { Db } from '../core/duckdb.ts';
import { ExitCode, KzError, UsageError } from '../core/errors.ts';
import type { LogFormat, Logger } from '../core/log.ts';
import { noProgress, terminalProgress } from '../core/progress.ts';
import { runPipelines } from '../engine/run.ts';
import type { RunSummary } from '../engine/run-summary.ts';
import { loadReferenceTables } from '../normalise/reference.ts';
import { TaldauClient } from '../sources/taldau/client.ts';
import { httpOptions } from '../sources/taldau/config.ts';
import { taldauBaseUrl } from '../sources/taldau/declared.ts';
import { measureFor } from '../sources/taldau/measures.ts';
import type { PeriodChoice } from '../sources/taldau/periods.ts';
import { type PulledIndex, pullIndex } from '../sources/taldau/pull.ts';
import { recordPulls, restoreManifest, withRawLock } from '../sources/taldau/record.ts';
import type { Io } from './io.ts';
import { formatSummary } from './run.ts';

/**
 * `kzstat pull taldau --index ID --as INDICATOR`: one Taldau index for all
 * regions into the raw layer, then into the observations. The answers are
 * fetched (or found stored), recorded in the raw folder's sources.json, and
 * the observations pipeline runs offline on the raw folder, exactly as a
 * later `kzstat run --offline` will. If that run fails, sources.json is put
 * back as it was, so a bad pull neither publishes nor lingers in later runs;
 * the stored answers stay (they are what Taldau said, and a retry resumes
 * from them).
 */
export interface PullFlags {
  index: string;
  as: string;
  period: PeriodChoice;
  measure?: string;
  raw: string;
  out: string;
  force?: boolean;
  offline?: boolean;
  source?: Record<string, string>;
  catalog?: string[];
  concurrency?: string;
  timeout?: string;
  retries?: string;
  backoff?: string;
  json?: boolean;
  logFormat: LogFormat;
  verbose?: boolean;
}

interface PullSummary {
  status: 'ok' | 'failed';
  source: 'taldau';
  index: string;
  indicator: string;
  period: PeriodChoice;
  period_type?: { id: string; name: string };
  title?: string;
  unit?: string;
  answers: { fetched: number; stored: number; requests_sent: number };
  files: string[];
  run?: RunSummary;
  error?: { code: number; message: string };
}

export async function pullCommand(source: string, flags: PullFlags, log: Logger, io: Io): Promise<number> {
  const summary: PullSummary = {
    status: 'ok',
    source: 'taldau',
    index: flags.index,
    indicator: flags.as,
    period: flags.period,
    answers: { fetched: 0, stored: 0, requests_sent: 0 },
    files: [],
  };
  let client: TaldauClient | undefined;
  try {
    const measure = await checkedArguments(source, flags);
    const rawDir = path.resolve(flags.raw);
    client = new TaldauClient({
      baseUrl: taldauBaseUrl(flags.source ?? {}),
      rawDir,
      offline: Boolean(flags.offline),
      force: Boolean(flags.force),
      http: httpOptions(flags),
      log,
    });
    const pulled = await pullIndex(client, { index: flags.index, period: flags.period, measure });
    describe(summary, pulled, client);
    log.info(
      `taldau: index ${pulled.index} as ${flags.as}: ${client.stats.fetched} answers fetched, ${client.stats.reused} already stored`,
    );
    summary.run = await withRawLock(rawDir, `kzstat pull taldau --index ${flags.index}`, () =>
      recordAndRunObservations(rawDir, pulled, flags, log, io),
    );
    if (summary.run.error) {
      summary.status = 'failed';
      summary.error = summary.run.error;
    }
  } catch (e) {
    if (!(e instanceof KzError)) throw e;
    summary.status = 'failed';
    summary.error = { code: e.exitCode, message: e.message };
  }
  if (client)
    summary.answers = {
      fetched: client.stats.fetched,
      stored: client.stats.reused,
      requests_sent: client.sent,
    };
  if (summary.error) log.error(summary.error.message);
  if (flags.json) io.out(JSON.stringify(summary, null, 2));
  else io.out(formatPull(summary));
  return summary.error?.code ?? ExitCode.ok;
}

/** Refuses a pull that cannot succeed before anything is fetched; returns the Taldau measure to ask for. */
async function checkedArguments(source: string, flags: PullFlags): Promise<string> {
  if (source !== 'taldau') throw new UsageError(`pull: unknown source '${source}' (sources: taldau)`);
  if (!/^\d+$/.test(flags.index))
    throw new UsageError(`--index ${flags.index}: expected a Taldau index id (digits)`);
  const measure = flags.measure ?? measureFor(flags.index);
  if (!/^\d+$/.test(measure))
    throw new UsageError(`--measure ${measure}: expected a Taldau measure id (digits)`);
  const catalogs = (flags.catalog ?? []).map((c) => path.resolve(c));
  await checkIndicator(flags.as, catalogs);
  return measure;
}

/**
 * Records the pull in sources.json and runs the observations pipeline offline on the raw folder; if the
 * run fails, sources.json is put back, so a bad pull does not linger in later runs.
 */
async function recordAndRunObservations(
  rawDir: string,
  pulled: PulledIndex,
  flags: PullFlags,
  log: Logger,
  io: Io,
): Promise<RunSummary> {
  const before = await recordPulls(rawDir, [{ pulled, indicator: flags.as }]);
  let run: RunSummary;
  try {
    run = await runPipelines(
      {
        pipelines: ['observations'],
        force: false,
        offline: true,
        inputs: [],
        rawDir,
        outDir: flags.out,
        sources: flags.source ?? {},
        catalogs: flags.catalog ?? [],
        params: {},
        log,
      },
      {
        progress: io.isTTY && flags.logFormat === 'text' && !flags.json ? terminalProgress() : noProgress,
      },
    );
  } catch (e) {
    await restoreManifest(before);
    throw e;
  }
  if (run.error) {
    await restoreManifest(before);
    log.warn(`the pull is not recorded in ${path.join(flags.raw, 'sources.json')}: its observations failed`);
  }
  return run;
}

function describe(summary: PullSummary, pulled: PulledIndex, client: TaldauClient): void {
  summary.period_type = { id: pulled.periodId, name: pulled.periodName };
  const title = pulled.attributes.name?.trim();
  if (title) summary.title = title;
  const unit = pulled.attributes.measureName.trim();
  if (unit) summary.unit = unit;
  summary.files = pulled.data.map((d) => d.pointer);
  summary.answers = {
    fetched: client.stats.fetched,
    stored: client.stats.reused,
    requests_sent: client.sent,
  };
}

async function checkIndicator(id: string, catalogs: string[]): Promise<void> {
  const db = await Db.open();
  try {
    const known = (await loadReferenceTables(db, catalogs)).map((c) => c.id);
    if (known.includes(id)) return;
    const near = await db.all<{ id: string }>(
      `SELECT id FROM indicators ORDER BY damerau_levenshtein(id, $id), jaro_winkler_similarity(id, $id) DESC, id LIMIT 3`,
      { id },
    );
    throw new UsageError(
      `--as ${id}: not an indicator of the catalogue${near.length ? `; did you mean ${near.map((n) => n.id).join(', ')}?` : ''} (add one with --catalog FILE)`,
    );
  } finally {
    db.close();
  }
}

function formatPull(s: PullSummary): string {
  const lines: string[] = [];
  if (s.period_type)
    lines.push(
      `taldau index ${s.index}${s.title ? ` "${s.title}"` : ''} (${s.period_type.name}${s.unit ? `, ${s.unit}` : ''}) as ${s.indicator}: ${s.answers.fetched} answers fetched, ${s.answers.stored} already stored`,
    );
  for (const f of s.files) lines.push(`  ${f}`);
  if (s.run) lines.push(formatSummary(s.run));
  else if (s.status === 'failed') lines.push(`failed (exit ${s.error?.code})`);
  return lines.join('\n');
}
