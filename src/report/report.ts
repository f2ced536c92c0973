import path from 'node:path';
import { Db } from '../core/duckdb.ts';
import { writeFileAtomic } from '../core/fs.ts';
import { noProgress, type Progress } from '../core/progress.ts';
import { attachLabels, missingColumns, type ReportChart, tableFrom } from './charts.ts';
import { type ChartSection, reportPage } from './html.ts';
import { latestDatasets, type PublishedDataset } from './load.ts';
import { renderSvg } from './render.ts';

/**
 * Whether the table's figures changed since the dataset's previous version:
 * publishing compares each new version with the one before and records a
 * `revised` warning per table whose figures changed or disappeared.
 */
export function revisionNote(ds: PublishedDataset, table: string): string {
  const prefix = `${ds.name}.${table}:`;
  const revised = ds.pkg.kzstat?.warnings?.find((w) => w.check === 'revised' && w.message.startsWith(prefix));
  if (revised) return `Revised since the previous version: ${revised.message.slice(prefix.length).trim()}.`;
  const previous = ds.pkg.kzstat?.previous_version;
  return previous
    ? `Not revised since the previous version (${previous}): no figure changed or disappeared.`
    : 'The first published version of this dataset: nothing to compare with yet.';
}

/**
 * `<out>/report/index.html` from the latest version of every dataset in the
 * output folder: each of the pipelines' charts whose table is published, a
 * visible note for each that is not, the runs' warnings and the sources.
 * Returns the path.
 */
export async function buildReport(
  outDir: string,
  charts: ReportChart[],
  progress: Progress = noProgress,
  now = new Date(),
): Promise<{ path: string; charts: { id: string; shown: boolean; note?: string }[] }> {
  progress.start('reading the published datasets');
  const datasets = await latestDatasets(outDir);
  progress.end('reading the published datasets', 'ran', `${datasets.length} datasets`);
  const sections: ChartSection[] = [];
  const db = await Db.open();
  try {
    await attachLabels(db);
    for (const chart of charts) sections.push(await chartOrNote(db, chart, datasets, progress));
  } finally {
    db.close();
  }
  const file = path.join(outDir, 'report', 'index.html');
  await writeFileAtomic(file, reportPage({ outDir, generated: now, datasets, charts: sections }));
  return {
    path: file,
    charts: sections.map((s) => ({
      id: s.id,
      shown: Boolean(s.svg),
      ...(s.absent ? { note: s.absent } : {}),
    })),
  };
}

/** One chart's section: the chart, or a note saying why there is none (the report never just leaves it out). */
async function chartOrNote(
  db: Db,
  chart: ReportChart,
  datasets: PublishedDataset[],
  progress: Progress,
): Promise<ChartSection> {
  const base = { id: chart.id, title: chart.title, dataset: chart.dataset, table: chart.table };
  const ds = datasets.find((d) => d.name === chart.dataset);
  if (!ds)
    return {
      ...base,
      absent: `not published yet: no version of the ${chart.dataset} dataset in this folder (kzstat run ${chart.pipeline}).`,
    };
  const resource = ds.tables.get(chart.table);
  if (!resource)
    return {
      ...base,
      source: ds,
      absent: `not published yet: ${chart.dataset} version ${ds.version} has no table ${chart.table}.`,
    };
  const missing = missingColumns(chart, resource);
  if (missing.length)
    return {
      ...base,
      source: ds,
      absent: `${chart.dataset}.${chart.table} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of its contract: no chart.`,
    };
  const label = `rendering ${chart.dataset}.${chart.table}`;
  progress.start(label);
  const built = await chart.build(db, tableFrom(ds.dir, resource), resource, ds);
  if ('empty' in built) {
    progress.end(label, 'skipped', built.empty);
    return { ...base, source: ds, absent: `no chart: ${built.empty}.` };
  }
  const section = {
    ...base,
    source: ds,
    svg: await renderSvg(built.spec),
    caption: built.caption,
    status: [...built.status, revisionNote(ds, chart.table)],
  };
  progress.end(label, 'ran');
  return section;
}
