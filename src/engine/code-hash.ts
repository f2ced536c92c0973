import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../core/hash.ts';
import { fromRoot, projectRoot } from '../core/paths.ts';

/**
 * Fingerprints of code: the content of project files (relative paths), so a
 * change to a reader, a SQL file or a pipeline re-runs exactly the stages
 * that depend on it. Folders are walked; order does not matter.
 */
const memo = new Map<string, string>();

async function listFiles(rel: string): Promise<string[]> {
  const abs = fromRoot(rel);
  try {
    const entries = await readdir(abs, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(projectRoot, path.join(e.parentPath, e.name)))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return [rel];
    throw e;
  }
}

/** One entry per file: `code:<path>` -> sha256. */
export async function codeComponents(paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    for (const file of await listFiles(p)) {
      let h = memo.get(file);
      if (!h) {
        h = sha256(await readFile(fromRoot(file)));
        memo.set(file, h);
      }
      out[`code:${file}`] = h;
    }
  }
  return out;
}
