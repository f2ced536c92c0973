import { lstat, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { failpoint } from '../engine/failpoint.ts';
import { fsyncPath, readJson } from '../util/fs.ts';
import { safeJoin } from '../util/paths.ts';

/**
 * The published layout: `<out>/<dataset>/<version>/` folders that never change
 * once renamed into place, and `<out>/<dataset>/latest`, a symbolic link
 * swapped by rename so a reader always sees a complete version.
 */
export const VERSION_PATTERN = /^\d{8}T\d{6}\.\d{3}Z$/;

export function datasetDir(outDir: string, dataset: string): string {
  return safeJoin(outDir, dataset);
}

/** Version ids are UTC timestamps with milliseconds: they sort in publication order. */
export function newVersionId(after?: string, now = new Date()): string {
  let t = now.getTime();
  if (after) {
    const prev = parseVersion(after);
    if (prev !== undefined && prev >= t) t = prev + 1;
  }
  const iso = new Date(t).toISOString(); // 2026-11-23T16:50:12.345Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
}

function parseVersion(v: string): number | undefined {
  const m = v.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z$/);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : undefined;
}

/** Published versions, newest first. */
export async function listVersions(outDir: string, dataset: string): Promise<string[]> {
  try {
    const names = await readdir(datasetDir(outDir, dataset));
    return names
      .filter((n) => VERSION_PATTERN.test(n))
      .sort()
      .reverse();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export async function latestVersion(outDir: string, dataset: string): Promise<string | undefined> {
  try {
    const target = await readlink(path.join(datasetDir(outDir, dataset), 'latest'));
    return path.basename(target);
  } catch (e) {
    if (['ENOENT', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

export async function readDatapackage<T = Record<string, unknown>>(
  outDir: string,
  dataset: string,
  version: string,
): Promise<T | undefined> {
  return readJson<T>(path.join(safeJoin(datasetDir(outDir, dataset), version), 'datapackage.json'));
}

/** Points `latest` at `version`: a new link under a temporary name, renamed over the old one. */
export async function swapLatest(outDir: string, dataset: string, version: string): Promise<void> {
  const dir = datasetDir(outDir, dataset);
  const tmp = path.join(dir, `.latest-${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(version, tmp);
  failpoint('publish:link-created');
  await rename(tmp, path.join(dir, 'latest'));
  fsyncPath(dir);
  failpoint('publish:latest-swapped');
}

/** Leftovers of an interrupted publish: temporary version folders and links. */
export async function removeLeftovers(outDir: string, dataset: string): Promise<string[]> {
  const dir = datasetDir(outDir, dataset);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names)
    if (n.startsWith('.tmp-') || n.startsWith('.latest-')) {
      await rm(path.join(dir, n), { recursive: true, force: true });
      removed.push(n);
    }
  return removed;
}

export async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}
