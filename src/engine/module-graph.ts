import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import { z } from 'zod';
import { sha256 } from '../core/hash.ts';
import { ParseCache } from '../core/parse-cache.ts';
import { fromRoot } from '../core/paths.ts';

/**
 * The project's own import graph, read by the TypeScript compiler's parser:
 * which modules a module pulls in through relative specifiers (`import … from
 * './x.ts'`, `export … from`, `import('./x.ts')` with a literal), and which
 * packages it names. A parser, not a pattern, so that an import in a comment or
 * a string is none and one over several lines is one. Loading TypeScript takes
 * about a seventh of a second, so it is loaded only when a module must be read:
 * what a module imports is kept by the sha256 of its text (src/core/parse-cache.ts),
 * and a run with no module changed does not load it.
 */
export interface ImportOptions {
  /**
   * only what runs: leave out `import type` and `export type` statements (and `typeof import('…')`),
   * which TypeScript erases (a fingerprint need not change with a module the stage only borrows a type
   * from; layering still counts them). `import { type A } from './a.ts'` stays: under
   * verbatimModuleSyntax (tsconfig.json) the statement is kept as `import {} from './a.ts'`, and the
   * module runs.
   */
  runtime?: boolean;
}

/** One specifier a module names, and whether only types come through it. */
interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

let typescript: typeof TS | undefined;

/** TypeScript, loaded the first time a module's text must be read (synchronously, as importSpecifiers is). */
function ts(): typeof TS {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return typescript;
}

/** Every import of a module's text: its statements in order, then the `import()` calls and types anywhere in it. */
function importRefs(source: string): ImportRef[] {
  const t = ts();
  const file = t.createSourceFile('module.ts', source, t.ScriptTarget.Latest, false, t.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const literal = (node: TS.Node | undefined) =>
    node && t.isStringLiteralLike(node) ? node.text : undefined;
  for (const statement of file.statements) {
    let specifier: string | undefined;
    let typeOnly = false;
    if (t.isImportDeclaration(statement)) {
      specifier = literal(statement.moduleSpecifier);
      typeOnly = statement.importClause?.isTypeOnly ?? false;
    } else if (t.isExportDeclaration(statement)) {
      specifier = literal(statement.moduleSpecifier);
      typeOnly = statement.isTypeOnly;
    } else if (
      t.isImportEqualsDeclaration(statement) &&
      t.isExternalModuleReference(statement.moduleReference)
    ) {
      specifier = literal(statement.moduleReference.expression);
      typeOnly = statement.isTypeOnly;
    }
    if (specifier !== undefined) refs.push({ specifier, typeOnly });
  }
  const visit = (node: TS.Node): void => {
    if (t.isCallExpression(node) && node.expression.kind === t.SyntaxKind.ImportKeyword) {
      const specifier = literal(node.arguments[0]);
      if (specifier !== undefined) refs.push({ specifier, typeOnly: false });
    } else if (t.isImportTypeNode(node) && t.isLiteralTypeNode(node.argument)) {
      const specifier = literal(node.argument.literal);
      if (specifier !== undefined) refs.push({ specifier, typeOnly: true });
    }
    t.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

/** The specifiers of some imports, each once. */
function specifiersOf(refs: ImportRef[], opts: ImportOptions): string[] {
  return [...new Set(refs.filter((r) => !(opts.runtime && r.typeOnly)).map((r) => r.specifier))];
}

/** The specifiers a module's text imports (static ones first, then dynamic), each once. */
export function importSpecifiers(source: string, opts: ImportOptions = {}): string[] {
  return specifiersOf(importRefs(source), opts);
}

const refsEntry = z.array(z.object({ specifier: z.string(), typeOnly: z.boolean() }));
let cache: Promise<ParseCache<ImportRef[]>> | undefined;
let parser: Promise<string> | undefined;

/** What reads the imports: TypeScript's version and this module's code. */
async function parserIdentity(): Promise<string> {
  const pkg = JSON.parse(await readFile(fromRoot('node_modules', 'typescript', 'package.json'), 'utf8')) as {
    version: string;
  };
  return `typescript ${pkg.version} ${sha256(await readFile(new URL(import.meta.url), 'utf8'))}`;
}

/** A module's imports, TypeScript reading its text only if it has not read this very text before. */
async function cachedImportRefs(source: string): Promise<ImportRef[]> {
  cache ??= ParseCache.open('imports', refsEntry);
  parser ??= parserIdentity();
  const [kept, identity] = await Promise.all([cache, parser]);
  const key = ParseCache.key(identity, source);
  const known = kept.get(key);
  if (known) return known;
  const refs = importRefs(source);
  kept.set(key, refs);
  return refs;
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
  for (const spec of specifiersOf(await cachedImportRefs(source), opts)) {
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
