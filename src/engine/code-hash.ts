import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../core/hash.ts';
import { projectRoot } from '../core/paths.ts';
import { type Imports, importsOf, reachable } from './module-graph.ts';

/**
 * The code part of a stage's fingerprint, taken from the code itself rather
 * than from lists kept by hand: every project module the stage's entry
 * modules import at run time (type-only imports are erased), directly or through others (the way Observable Framework's
 * getModuleHash walks a page's imports), the other files it reads (SQL), and
 * the installed version of every package those modules import (DuckDB above
 * all: a new DuckDB may compute a different last digit). Editing any module a
 * stage runs re-runs it; editing a test or the README re-runs nothing.
 */
export interface StageCode {
  /** the modules the stage runs from (project-relative), walked through their imports */
  modules: string[];
  /** other project files (or folders) it reads, such as SQL; project-relative */
  files: string[];
}

/** The project-relative path of a module, from its `import.meta.url`. */
export function moduleFile(url: string, root = projectRoot): string {
  return path.relative(root, fileURLToPath(url));
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return [rel];
    throw e;
  }
}

async function installedVersion(root: string, pkg: string): Promise<string> {
  const file = path.join(root, 'node_modules', pkg, 'package.json');
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
  } catch {
    throw new Error(`package '${pkg}' is imported but not installed (no ${file}); run npm ci`);
  }
}

/**
 * The project's files as one invocation fingerprints them: each module read, hashed and parsed for its
 * imports once, however many stages of however many pipelines ask (a run of the four pipelines takes
 * twenty fingerprints, most of them over the same modules; read afresh each time they were two fifths of
 * a run with nothing to do). A file edited while the run goes on is not seen again, as the code the run
 * has loaded does not change either.
 */
export class CodeSnapshot {
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly imports = new Map<string, Promise<Imports>>();
  private readonly versions = new Map<string, Promise<string>>();

  constructor(readonly root = projectRoot) {}

  /** sha256 of a project file (project-relative) */
  hash(file: string): Promise<string> {
    return once(this.hashes, file, async () => sha256(await readFile(path.join(this.root, file))));
  }

  /** what a module (absolute path) imports at run time */
  importsOf(file: string): Promise<Imports> {
    return once(this.imports, file, () => importsOf(file, { runtime: true }));
  }

  version(pkg: string): Promise<string> {
    return once(this.versions, pkg, () => installedVersion(this.root, pkg));
  }
}

function once<T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = memo.get(key);
  if (!p) {
    p = make();
    memo.set(key, p);
  }
  return p;
}

/**
 * One entry per file, `code:<path>` -> sha256 of its content, and one per
 * package, `package:<name>` -> its installed version. `from` is the project
 * root (a copy of it in tests), read afresh, or a run's snapshot of it.
 */
export async function codeComponents(
  code: StageCode,
  from: string | CodeSnapshot = projectRoot,
): Promise<Record<string, string>> {
  const snapshot = typeof from === 'string' ? new CodeSnapshot(from) : from;
  const root = snapshot.root;
  const out: Record<string, string> = {};
  const { modules, packages } = await reachable(
    code.modules.map((m) => path.join(root, m)),
    (file) => snapshot.importsOf(file),
  );
  const files = [...modules.map((m) => path.relative(root, m))];
  for (const f of code.files) files.push(...(await listFiles(root, f)));
  for (const file of files.sort()) out[`code:${file}`] = await snapshot.hash(file);
  for (const pkg of packages) out[`package:${pkg}`] = await snapshot.version(pkg);
  return out;
}
