import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from '../core/errors.ts';
import { projectRoot } from '../core/paths.ts';
import type { Step } from '../core/pipeline.ts';

/**
 * The SQL steps of a pipeline folder: `macros.sql` first (every model may call
 * them), then `models/*.sql` in an order that follows from what each model
 * reads, so that adding a model never means finding its place in a hand-kept
 * list. A model creates the table named after its file (or, for a script, the
 * tables its CREATE statements name); it depends on every model whose table
 * it reads (FROM or JOIN). Ties are broken by file name, so the order is stable.
 */
export interface ModelOptions {
  /** the tables the models read that no model creates (the normalised views, reference tables, tables of TypeScript steps) */
  inputs: string[];
}

export interface ModelFile {
  /** project-relative path */
  file: string;
  sql: string;
}

/** `import.meta.url` of a pipelines/<name>/pipeline.ts -> its macros and models as compute steps. */
export function sqlModels(pipelineUrl: string, opts: ModelOptions): Step[] {
  const dir = path.dirname(fileURLToPath(pipelineUrl));
  const rel = (f: string) => path.relative(projectRoot, path.join(dir, f)).split(path.sep).join('/');
  const macros = existsSync(path.join(dir, 'macros.sql')) ? [{ sql: rel('macros.sql') }] : [];
  const models = readdirSync(path.join(dir, 'models'))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => ({
      file: rel(path.join('models', f)),
      sql: readFileSync(path.join(dir, 'models', f), 'utf8'),
    }));
  return [...macros, ...orderModels(models, opts).map((file) => ({ sql: file }))];
}

/** Without comments and string literals: a table name in either is no reference. */
function code(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, ' ').toLowerCase();
}

function created(model: ModelFile): string[] {
  const names = [
    ...code(model.sql).matchAll(
      /\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+|temporary\s+)?(?:table|view)\s+([a-z_][a-z0-9_]*)/g,
    ),
  ].map((m) => m[1]!);
  return [path.basename(model.file, '.sql'), ...names];
}

/** Names a model reads with FROM or JOIN that none of its CTEs defines (qualified names and table functions aside). */
function readNames(sql: string): string[] {
  const text = code(sql);
  const ctes = new Set(
    [...text.matchAll(/\b([a-z_][a-z0-9_]*)\s+as\s*(?:not\s+)?(?:materialized\s*)?\(/g)].map((m) => m[1]!),
  );
  const read = [...text.matchAll(/(?<!distinct\s+)\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*[.(])/g)].map(
    (m) => m[1]!,
  );
  return [...new Set(read)].filter((n) => !ctes.has(n));
}

/** Project-relative model files in the order to run them. */
export function orderModels(models: ModelFile[], opts: ModelOptions): string[] {
  const creator = new Map<string, string>();
  for (const m of models)
    for (const name of created(m)) {
      const other = creator.get(name);
      if (other && other !== m.file)
        throw new PipelineError(m.file, `it and ${other} both create the table '${name}'`);
      creator.set(name, m.file);
    }
  const known = new Set([...creator.keys(), ...opts.inputs.map((n) => n.toLowerCase())]);
  const needs = new Map<string, Set<string>>();
  for (const m of models) {
    const unknown = readNames(m.sql).filter((n) => !known.has(n) && !created(m).includes(n));
    if (unknown.length)
      throw new PipelineError(
        m.file,
        `it reads ${unknown.map((n) => `'${n}'`).join(', ')}: no model of ${path.dirname(m.file)} creates it and the pipeline does not declare it among its inputs (${opts.inputs.join(', ')})`,
      );
    const reads = new Set(readNames(m.sql));
    needs.set(
      m.file,
      new Set(
        [...creator].filter(([name, file]) => file !== m.file && reads.has(name)).map(([, file]) => file),
      ),
    );
  }
  const order: string[] = [];
  const waiting = new Map(needs);
  while (waiting.size) {
    const ready = [...waiting].filter(([, deps]) => [...deps].every((d) => !waiting.has(d))).map(([f]) => f);
    if (!ready.length) {
      const cycle = cycleOf(waiting);
      throw new PipelineError(cycle[0]!, `the models ${cycle.join(' -> ')} read each other in a cycle`);
    }
    const next = ready.sort()[0]!;
    order.push(next);
    waiting.delete(next);
  }
  return order;
}

/** One cycle among models that are all waiting on each other, to name in the error. */
function cycleOf(waiting: Map<string, Set<string>>): string[] {
  const pathSoFar: string[] = [];
  let at = [...waiting.keys()].sort()[0]!;
  while (!pathSoFar.includes(at)) {
    pathSoFar.push(at);
    at = [...waiting.get(at)!].filter((d) => waiting.has(d)).sort()[0]!;
  }
  return [...pathSoFar.slice(pathSoFar.indexOf(at)), at];
}
