import { ExitCode, KzError } from '../core/errors.ts';
import type { LogFormat, Logger } from '../core/log.ts';
import type { StageName } from '../core/pipeline.ts';
import { noProgress, terminalProgress } from '../core/progress.ts';
import { runPipelines } from '../engine/run.ts';
import type { RunSummary } from '../engine/run-summary.ts';
import { parseInputSpec } from '../inputs/input-spec.ts';
import type { Io } from './io.ts';
import { formatWarnings } from './warnings.ts';

/** The flags of `kzstat run` and `kzstat plan`. */
export interface RunFlags {
  only?: StageName;
  from?: StageName;
  force?: boolean;
  offline?: boolean;
  input?: string[];
  raw: string;
  out: string;
  source?: Record<string, string>;
  catalog?: string[];
  param?: Record<string, string>;
  json?: boolean;
  logFormat: LogFormat;
  verbose?: boolean;
}

/** `kzstat run` and `kzstat plan`. */
export async function runCommand(
  names: string[],
  flags: RunFlags,
  log: Logger,
  io: Io,
  plan: boolean,
): Promise<number> {
  let summary: RunSummary;
  try {
    summary = await runPipelines(
      {
        pipelines: names,
        only: flags.only,
        from: flags.from,
        force: Boolean(flags.force),
        // A dry run never touches the network: it plans on what is stored.
        offline: Boolean(flags.offline) || plan,
        inputs: (flags.input ?? []).map(parseInputSpec),
        rawDir: flags.raw,
        outDir: flags.out,
        sources: flags.source ?? {},
        catalogs: flags.catalog ?? [],
        params: flags.param ?? {},
        log,
      },
      {
        progress: io.isTTY && flags.logFormat === 'text' && !flags.json ? terminalProgress() : noProgress,
        plan,
      },
    );
  } catch (e) {
    if (!(e instanceof KzError)) throw e;
    summary = {
      run_id: '',
      status: 'failed',
      pipelines: [],
      published: [],
      warnings: [],
      error: { code: e.exitCode, message: e.message },
    };
  }
  if (summary.error) log.error(summary.error.message);
  if (flags.json) io.out(JSON.stringify(summary, null, 2));
  else io.out(plan ? formatPlan(summary) : formatSummary(summary));
  return summary.error?.code ?? ExitCode.ok;
}

function formatStages(summary: RunSummary, withReasons: boolean): string[] {
  const lines: string[] = [];
  for (const p of summary.pipelines) {
    lines.push(`${p.name} (dataset ${p.dataset})`);
    for (const s of p.stages) {
      const rows = s.rows !== undefined ? ` ${s.rows} rows` : '';
      const ms = s.ms ? ` ${(s.ms / 1000).toFixed(1)}s` : '';
      lines.push(
        `  ${s.name.padEnd(9)} ${s.status.padEnd(9)}${rows}${ms}${withReasons || s.status === 'ran' ? `  (${s.reason})` : ''}`,
      );
    }
  }
  return lines;
}

export function formatSummary(summary: RunSummary): string {
  const lines = formatStages(summary, false);
  if (summary.published.length)
    for (const p of summary.published) lines.push(`published ${p.dataset} ${p.version} -> ${p.path}`);
  else if (summary.status === 'ok') lines.push('nothing new to publish');
  lines.push(...formatWarnings(summary));
  if (summary.status === 'failed') lines.push(`failed (exit ${summary.error?.code})`);
  return lines.join('\n');
}

function formatPlan(summary: RunSummary): string {
  return formatStages(summary, true).join('\n');
}
