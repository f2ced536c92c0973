import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The project's own import graph, read from the source text: which modules a
 * module pulls in through relative specifiers (`import … from './x.ts'`,
 * `export … from`, `import('./x.ts')` with a literal). Packages are left out;
 * they are pinned by their installed versions instead. A regex reads the
 * import statements because the project writes them one way (biome formats
 * them), and a parser would cost a dependency at run time.
 */
const STATIC = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*\s{},]*?\s+from\s+)?['"]([^'"\n]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** The specifiers a module's text imports, in order of appearance, each once. */
export function importSpecifiers(source: string): string[] {
  const text = withoutComments(source);
  const found = new Set<string>();
  for (const re of [STATIC, DYNAMIC]) for (const m of text.matchAll(re)) found.add(m[1]!);
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

/** The files a module imports relatively (absolute paths); specifiers naming packages are skipped. */
export async function relativeImports(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8');
  const out: string[] = [];
  for (const spec of importSpecifiers(source)) {
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    if (!(await isFile(target))) throw new Error(`${file}: imports '${spec}', which is not a file`);
    out.push(target);
  }
  return out;
}

/** Every module reachable from the entries through relative imports, entries included, sorted. */
export async function reachableModules(entries: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.resolve(e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(await relativeImports(file)));
  }
  return [...seen].sort();
}
