import path from 'node:path';
import { type Datapackage, type Resource, tableResources } from '../publish/datapackage.ts';
import { listDatasets, loadDatapackage } from '../publish/resolve.ts';
import { datasetDir, latestVersion } from '../publish/versions.ts';

/** The latest version of every dataset published in an output folder, as the report reads it. */
export interface PublishedDataset {
  name: string;
  version: string;
  dir: string;
  pkg: Datapackage;
  tables: Map<string, Resource>;
}

export async function latestDatasets(outDir: string): Promise<PublishedDataset[]> {
  const out: PublishedDataset[] = [];
  for (const name of await listDatasets(outDir)) {
    const version = await latestVersion(outDir, name);
    if (!version) continue;
    const pkg = await loadDatapackage(outDir, name, version);
    out.push({
      name,
      version,
      dir: path.join(datasetDir(outDir, name), version),
      pkg,
      tables: new Map(tableResources(pkg).map((r) => [r.table ?? r.name, r])),
    });
  }
  return out;
}
