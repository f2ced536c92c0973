import type { TopLevelSpec } from 'vega-lite';
import { type Db, lit } from '../core/duckdb.ts';
import { fromRoot } from '../core/paths.ts';
import type { Resource } from '../publish/datapackage.ts';
import { resourceSelect } from '../publish/scan.ts';
import type { PublishedDataset } from './load.ts';

/**
 * What the report needs of a chart, and the helpers a chart is built with.
 * The charts themselves are the pipelines' (`pipelines/<name>/charts.ts`,
 * each of a table its pipeline publishes): each reads the latest version of
 * its table in DuckDB and returns a Vega-Lite spec with a sentence saying
 * what the chart shows. The report page renders them.
 */
export interface ChartData {
  spec: TopLevelSpec;
  /** what is shown, e.g. "2013, 16 regions"; and what was left out */
  caption: string;
  /** the status of the figures shown: preliminary, partial, replaced by another input's (report.ts adds revisions) */
  status: string[];
}

/** A chart of one table of the dataset of the pipeline that declares it. */
export interface ChartDef {
  id: string;
  title: string;
  table: string;
  /** the columns of the published table the chart reads */
  columns: string[];
  /**
   * `from`: a SELECT of the table's latest version; `ds`: the chart's dataset, for a note from one of its
   * other tables. The views `report_regions` (kato, name_en) and `report_industries` (code, label) name
   * the codes.
   */
  build(
    db: Db,
    from: string,
    resource: Resource,
    ds: PublishedDataset,
  ): Promise<ChartData | { empty: string }>;
}

/** A pipeline's chart as the report draws it: with the pipeline it comes from and the dataset it reads. */
export interface ReportChart extends ChartDef {
  pipeline: string;
  dataset: string;
}

export const REPUBLIC = '000000000';

/** Names from the registry for labels: regions by KATO code, industries by OKED section ("A Agriculture, …"). */
export async function attachLabels(db: Db): Promise<void> {
  await db.run(
    `CREATE OR REPLACE VIEW report_regions AS
     SELECT kato, name_en FROM read_csv(${lit(fromRoot('registry', 'regions.csv'))}, header = true, all_varchar = true)`,
  );
  await db.run(
    `CREATE OR REPLACE VIEW report_industries AS
     SELECT code, code || ' ' || name_en AS label
     FROM read_csv(${lit(fromRoot('registry', 'oked_sections.csv'))}, header = true, all_varchar = true)`,
  );
}

/** The unit a published column declares, or `fallback` for a version that declares none. */
export const columnUnit = (r: Resource, column: string, fallback: string) =>
  r.schema.fields.find((f) => f.name === column)?.unit ?? fallback;

/** Whether the published table has the column (an older version may not). */
export const hasColumn = (r: Resource, column: string) => r.schema.fields.some((f) => f.name === column);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** An axis maximum that leaves room for the value labels right of the longest bar. */
export const roomFor = (max: number) => {
  const target = max * 1.18;
  const step = 10 ** (Math.floor(Math.log10(target || 1)) - 1);
  return Math.ceil(target / step) * step;
};

/** The columns a chart needs that the published table lacks (a version older than the chart). */
export function missingColumns(chart: ChartDef, resource: Resource): string[] {
  return chart.columns.filter((c) => !hasColumn(resource, c));
}

export function tableFrom(dir: string, resource: Resource): string {
  return resourceSelect(dir, resource);
}
