import path from 'node:path';
import type { Db } from '../core/duckdb.ts';
import { datapackageSchema, type Resource, tableResources } from './datapackage.ts';
import { diffTable } from './diff.ts';
import { datasetDir, readDatapackage } from './versions.ts';

/**
 * A new version that changes or drops figures of the one before it is a
 * revision: each table that does gets a warning in the version's
 * datapackage and the run report, so a revision is never silent (`kzstat
 * diff` lists the rows). Rows only added are new data, not revisions.
 */
export interface RevisionWarning {
  check: 'revised';
  message: string;
}

export async function revisionWarnings(
  db: Db,
  outDir: string,
  dataset: string,
  previous: string,
  next: { dir: string; version: string; resources: Resource[] },
): Promise<RevisionWarning[]> {
  const raw = await readDatapackage(outDir, dataset, previous);
  const parsed = datapackageSchema.safeParse(raw);
  if (!parsed.success) return [];
  const before = new Map(tableResources(parsed.data).map((r) => [r.table ?? r.name, r]));
  const out: RevisionWarning[] = [];
  for (const [i, r] of next.resources.entries()) {
    const old = before.get(r.table ?? r.name);
    if (!old) continue;
    let d: Awaited<ReturnType<typeof diffTable>>;
    try {
      d = await diffTable(
        db,
        i,
        { dir: path.join(datasetDir(outDir, dataset), previous), version: previous, resource: old },
        { dir: next.dir, version: next.version, resource: r },
      );
    } catch (e) {
      // e.g. a primary key that changed: the versions cannot be matched row by row, which is itself worth saying
      out.push({
        check: 'revised',
        message: `${dataset}.${r.name}: not compared with ${previous}: ${(e as Error).message}`,
      });
      continue;
    }
    const c = d.counts;
    if (c.changed || c.removed)
      out.push({
        check: 'revised',
        message: `${dataset}.${d.table}: ${c.changed} ${c.changed === 1 ? 'row' : 'rows'} changed, ${c.removed} removed, ${c.added} added since ${previous} (kzstat diff ${dataset} ${previous} ${next.version})`,
      });
  }
  return out;
}
