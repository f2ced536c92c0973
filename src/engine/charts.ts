import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PipelineError } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import type { ChartDef, ReportChart } from '../report/charts.ts';
import { loadPipelines } from './pipelines.ts';

/**
 * The report's charts: each pipeline's `charts.ts` beside its `pipeline.ts`, a default export listing
 * charts of the tables it publishes, in the pipelines' order. Not part of the pipeline's definition, so
 * that a chart is not code of its compute stage: a new caption re-runs no pipeline.
 */
export async function pipelineCharts(): Promise<ReportChart[]> {
  const out: ReportChart[] = [];
  for (const { pipeline, file: pipelineFile } of await loadPipelines()) {
    const file = path.posix.join(path.posix.dirname(pipelineFile), 'charts.ts');
    if (!existsSync(fromRoot(file))) continue;
    const mod = (await import(pathToFileURL(fromRoot(file)).href)) as { default?: unknown };
    if (!Array.isArray(mod.default))
      throw new PipelineError(
        file,
        'its default export is not a list of charts ([chart, …] satisfies ChartDef[])',
      );
    for (const chart of mod.default as ChartDef[]) {
      if (!pipeline.tables.some((t) => t.name === chart.table))
        throw new PipelineError(
          file,
          `its chart '${chart.id}' is of the table '${chart.table}', which the ${pipeline.name} pipeline does not publish`,
        );
      const twin = out.find((c) => c.id === chart.id);
      if (twin)
        throw new PipelineError(
          file,
          `its chart '${chart.id}' has the id of a chart of the ${twin.pipeline} pipeline: the report names each chart by its id`,
        );
      out.push({ ...chart, pipeline: pipeline.name, dataset: pipeline.dataset });
    }
  }
  return out;
}
