import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The project's own import graph, read from the source text: which modules a
 * module pulls in through relative specifiers (`import … from './x.ts'`,
 * `export … from`, `import('./x.ts')` with a literal), and which packages it
 * names. A regex reads the import statements because the project writes
 * them one way (biome formats them), and a parser would cost a dependency at
 * run time.
 */
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[\w$*\s{},]*?\s+from\s+)?['"]([^'"\n]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

export interface ImportOptions {
  /**
   * only what runs: leave out `import type` and `export type` statements, which TypeScript erases (a
   * fingerprint need not change with a module the stage only borrows a type from; layering still counts them)
   */
  runtime?: boolean;
}

/** The specifiers a module's text imports (static ones first, then dynamic), each once. */
export function importSpecifiers(source: string, opts: ImportOptions = {}): string[] {
  const text = withoutComments(source);
  const found = new Set<string>();
  for (const m of text.matchAll(STATIC)) if (!(opts.runtime && m[1])) found.add(m[2]!);
  for (const m of text.matchAll(DYNAMIC)) found.add(m[1]!);
  return [...found];
}

/** Block and line comments blanked out, so an example in a doc comment is no import. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/^\s*\/\/.*$/gm, ' ');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export interface Imports {
  /** project modules (absolute paths) */
  modules: string[];
  /** installed packages by name (`@duckdb/node-api`, `zod`); Node's own (`node:fs`) are left out */
  packages: string[];
}

/** The package a bare specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What a module imports: the project modules it reaches by relative specifiers, and the packages it names. */
export async function importsOf(file: string, opts: ImportOptions = {}): Promise<Imports> {
  const source = await readFile(file, 'utf8');
  const modules: string[] = [];
  const packages: string[] = [];
  for (const spec of importSpecifiers(source, opts)) {
    if (spec.startsWith('node:')) continue;
    if (!spec.startsWith('.')) {
      packages.push(packageName(spec));
      continue;
    }
    const target = path.resolve(path.dirname(file), spec);
    if (!(await isFile(target))) throw new Error(`${file}: imports '${spec}', which is not a file`);
    modules.push(target);
  }
  return { modules, packages };
}

/** Everything reachable from the entry modules through relative imports (a module's imports as `importsOfFile` gives them): the modules (entries included) and the packages they import, each sorted. */
export async function reachable(
  entries: string[],
  importsOfFile: (file: string) => Promise<Imports>,
): Promise<Imports> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const imports = await importsOfFile(file);
    queue.push(...imports.modules);
    for (const p of imports.packages) packages.add(p);
  }
  return { modules: [...seen].sort(), packages: [...packages].sort() };
}
