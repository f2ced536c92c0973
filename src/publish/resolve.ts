import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { type Datapackage, datapackageSchema } from './datapackage.ts';
import { datasetDir, latestVersion, listVersions, readDatapackage } from './versions.ts';

/**
 * Names users give versions on the command line: an id, a unique prefix of
 * one, `latest` or `previous` (the one before latest). Unknown names are
 * usage errors that list what exists.
 */
export async function listDatasets(outDir: string): Promise<string[]> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  const out: string[] = [];
  for (const n of names.sort())
    if (
      !n.startsWith('.') &&
      /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n) &&
      (await listVersions(outDir, n)).length
    )
      out.push(n);
  return out;
}

/** Published versions of a dataset, newest first; a usage error naming the datasets there are if none. */
export async function requireVersions(outDir: string, dataset: string): Promise<string[]> {
  let versions: string[] = [];
  try {
    versions = await listVersions(outDir, dataset);
  } catch (e) {
    throw new UsageError(`dataset '${dataset}': ${(e as Error).message}`);
  }
  if (versions.length) return versions;
  const known = await listDatasets(outDir);
  throw new UsageError(
    `unknown dataset '${dataset}' in ${outDir}: ${known.length ? `published datasets are ${known.join(', ')}` : 'nothing is published there yet (kzstat run)'}`,
  );
}

export async function resolveVersion(outDir: string, dataset: string, name: string): Promise<string> {
  const versions = await requireVersions(outDir, dataset);
  const latest = (await latestVersion(outDir, dataset)) ?? versions[0]!;
  const shown = () =>
    `versions of ${dataset}, newest first: ${versions.slice(0, 10).join(', ')}${versions.length > 10 ? `, … (${versions.length - 10} more)` : ''}`;
  if (name === 'latest') return latest;
  if (name === 'previous') {
    const i = versions.indexOf(latest);
    const prev = versions[i + 1];
    if (!prev) throw new UsageError(`${dataset} has no version before latest (${latest}); ${shown()}`);
    return prev;
  }
  if (versions.includes(name)) return name;
  const matches = versions.filter((v) => v.startsWith(name));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new UsageError(`version '${name}' of ${dataset} is ambiguous: it begins ${matches.join(', ')}`);
  throw new UsageError(`unknown version '${name}' of ${dataset}; ${shown()} (or latest, previous)`);
}

export async function loadDatapackage(
  outDir: string,
  dataset: string,
  version: string,
): Promise<Datapackage> {
  const raw = await readDatapackage(outDir, dataset, version);
  if (!raw) throw new UsageError(`${dataset} ${version} has no datapackage.json: not a complete version`);
  const parsed = datapackageSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `${path.join(datasetDir(outDir, dataset), version, 'datapackage.json')}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
