import { lstat, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { failpoint } from '../core/failpoint.ts';
import { fsyncPath, readJson, writeFileAtomic } from '../core/fs.ts';
import { safeJoin } from '../core/paths.ts';

/**
 * The published layout: `<out>/<dataset>/<version>/` folders that never change
 * once renamed into place; `<out>/<dataset>/latest`, a symbolic link swapped
 * by rename so a reader always sees a complete version; and
 * `<out>/<dataset>/LATEST`, a plain file holding the same version id, for
 * object stores, Windows and copies that drop links.
 */
export const LATEST_FILE = 'LATEST';

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

/**
 * The latest version: where the `latest` link points, or, where there is no
 * link (a copy that dropped or followed it), what `LATEST` says. The link is
 * swapped first, so after a crash between the two it is the newer.
 */
export async function latestVersion(outDir: string, dataset: string): Promise<string | undefined> {
  const dir = datasetDir(outDir, dataset);
  try {
    return path.basename(await readlink(path.join(dir, 'latest')));
  } catch (e) {
    if (!['ENOENT', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
  return latestFromFile(dir);
}

/** The version `LATEST` names, if it names one that exists. */
async function latestFromFile(dir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, LATEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const version = text.trim();
  if (!VERSION_PATTERN.test(version)) return undefined;
  try {
    return (await lstat(path.join(dir, version))).isDirectory() ? version : undefined;
  } catch {
    return undefined;
  }
}

export async function readDatapackage<T = Record<string, unknown>>(
  outDir: string,
  dataset: string,
  version: string,
): Promise<T | undefined> {
  return readJson<T>(path.join(safeJoin(datasetDir(outDir, dataset), version), 'datapackage.json'));
}

/**
 * Points `latest` at `version`: a new link under a temporary name renamed over
 * the old one, then `LATEST` replaced the same way (written whole under a
 * temporary name, renamed). Each rename is atomic; a crash between the two
 * leaves the link one version ahead of the file, which the next run mends
 * (repairLatestFile).
 */
export async function swapLatest(outDir: string, dataset: string, version: string): Promise<void> {
  const dir = datasetDir(outDir, dataset);
  const tmp = path.join(dir, `.latest-${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(version, tmp);
  failpoint('publish:link-created');
  await rename(tmp, path.join(dir, 'latest'));
  fsyncPath(dir);
  failpoint('publish:latest-swapped');
  await writeFileAtomic(path.join(dir, LATEST_FILE), `${version}\n`);
  failpoint('publish:latest-file-written');
}

/** Makes `LATEST` say what the `latest` link says (after a crash between the two, or an older layout). */
export async function repairLatestFile(outDir: string, dataset: string): Promise<string | undefined> {
  const dir = datasetDir(outDir, dataset);
  let linked: string;
  try {
    linked = path.basename(await readlink(path.join(dir, 'latest')));
  } catch {
    return undefined;
  }
  if ((await latestFromFile(dir)) === linked) return undefined;
  await writeFileAtomic(path.join(dir, LATEST_FILE), `${linked}\n`);
  return linked;
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
    if (n.startsWith('.tmp-') || n.startsWith('.latest-') || n.startsWith(`${LATEST_FILE}.tmp-`)) {
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
