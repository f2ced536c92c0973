import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: where `catalog/`, `registry/` and `pipelines/` live. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export function fromRoot(...parts: string[]): string {
  return path.join(projectRoot, ...parts);
}

/** A path shown to users: relative to the working directory when that is shorter. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && rel.length < p.length ? rel : p;
}

/**
 * Joins a name that came from data (dataset, table, indicator) under a base
 * folder, refusing anything that would escape it.
 */
export function safeJoin(base: string, ...names: string[]): string {
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.=-]*$/.test(name) || name.includes('..')) {
      throw new Error(`unsafe name '${name}': expected letters, digits, '_', '-', '.', '=' only`);
    }
  }
  const joined = path.resolve(base, ...names);
  const root = path.resolve(base);
  if (joined !== root && !joined.startsWith(root + path.sep)) {
    throw new Error(`'${names.join('/')}' escapes ${root}`);
  }
  return joined;
}
