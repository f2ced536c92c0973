import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../../src/core/hash.ts';
import { VERSION_PATTERN } from '../../src/publish/versions.ts';

/**
 * What must hold of a dataset folder at any instant, whatever happened to the
 * run that wrote it: `latest` and `LATEST`, if present, name a version folder; every
 * version folder has a datapackage.json whose resources exist with the
 * recorded bytes and sha256. Returns the problems found (none = consistent).
 */
export async function publishedProblems(datasetDir: string): Promise<string[]> {
  const problems: string[] = [];
  let names: string[];
  try {
    names = await readdir(datasetDir);
  } catch {
    return problems;
  }
  for (const v of names.filter((n) => VERSION_PATTERN.test(n))) {
    const dir = path.join(datasetDir, v);
    let pkg: {
      resources: {
        path: string | string[];
        bytes: number;
        hash?: string;
        files?: { path: string; bytes: number; hash: string }[];
      }[];
    };
    try {
      pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
    } catch (e) {
      problems.push(`${v}: no readable datapackage.json (${(e as Error).message})`);
      continue;
    }
    // a resource of several files (parts, a Hive folder) lists each with its bytes and sha256
    const files = pkg.resources.flatMap(
      (r) => r.files ?? (Array.isArray(r.path) ? [] : [{ path: r.path, bytes: r.bytes, hash: r.hash ?? '' }]),
    );
    for (const r of pkg.resources)
      if (Array.isArray(r.path) && (r.files ?? []).map((f) => f.path).join('\n') !== r.path.join('\n'))
        problems.push(`${v}: ${r.path[0]}...: path and files disagree`);
    for (const f of files) {
      const file = path.join(dir, f.path);
      try {
        if ((await stat(file)).size !== f.bytes)
          problems.push(`${v}/${f.path}: size differs from datapackage`);
        else if (`sha256:${await sha256File(file)}` !== f.hash)
          problems.push(`${v}/${f.path}: sha256 differs from datapackage`);
      } catch {
        problems.push(`${v}/${f.path}: missing`);
      }
    }
  }
  if (names.includes('latest')) {
    const target = await readlink(path.join(datasetDir, 'latest')).catch(() => undefined);
    if (!target || !VERSION_PATTERN.test(target) || !names.includes(target))
      problems.push(`latest points at '${target}', not a version`);
  }
  if (names.includes('LATEST')) {
    const named = (await readFile(path.join(datasetDir, 'LATEST'), 'utf8')).trim();
    if (!VERSION_PATTERN.test(named) || !names.includes(named))
      problems.push(`LATEST says '${named}', not a version`);
  }
  return problems;
}

/** What the plain file LATEST says (undefined when there is none). */
export async function latestFileOf(datasetDir: string): Promise<string | undefined> {
  return (await readFile(path.join(datasetDir, 'LATEST'), 'utf8').catch(() => undefined))?.trim();
}

export async function latestOf(datasetDir: string): Promise<string | undefined> {
  return readlink(path.join(datasetDir, 'latest')).catch(() => undefined);
}
