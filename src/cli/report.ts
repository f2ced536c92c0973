import { ExitCode } from '../core/errors.ts';
import { noProgress, terminalProgress } from '../core/progress.ts';
import { pipelineCharts } from '../engine/charts.ts';
import { buildReport } from '../report/report.ts';
import type { Io } from './io.ts';

/** `kzstat report`: writes `<out>/report/index.html` and prints its path (docs/publishing.md). */
export async function reportCommand(flags: { out: string }, io: Io): Promise<number> {
  const progress = io.isTTY ? terminalProgress() : noProgress;
  try {
    const report = await buildReport(flags.out, await pipelineCharts(), progress);
    for (const c of report.charts) if (!c.shown) io.err(`${c.id}: ${c.note}`);
    io.out(report.path);
  } finally {
    progress.stop();
  }
  return ExitCode.ok;
}
