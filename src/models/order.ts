import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../core/duckdb.ts';
import { PipelineError } from '../core/errors.ts';
import { projectRoot } from '../core/paths.ts';
import type { Step } from '../core/pipeline.ts';
import { cachedModelTables, type ModelFile, type ModelTables, modelTables } from './model-tables.ts';

export type { ModelFile } from './model-tables.ts';

/**
 * The SQL steps of a pipeline folder: `macros.sql` first (every model may call
 * them), then `models/*.sql` in an order that follows from what each model
 * reads, so that adding a model never means finding its place in a hand-kept
 * list. A model creates the table named after its file (or, for a script, the
 * tables its CREATE statements name); it depends on every model whose table
 * it reads (anywhere DuckDB's parser finds a table: model-tables.ts) and on
 * every model that inserts rows into it. Ties are broken by file name, so the order is stable.
 */
export interface ModelOptions {
  /** the tables the models read that no model creates (the normalised views, reference tables, tables of TypeScript steps) */
  inputs: string[];
}

/**
 * Ordering parses the models with DuckDB, which is asynchronous, and a pipeline's definition is a
 * module whose import cannot wait: so `sqlModels` leaves this placeholder among the steps, and
 * loading the pipeline (src/engine/pipelines.ts) puts the ordered models in its place.
 */
const UNORDERED = Symbol('SQL models not yet ordered');

type UnorderedModels = Extract<Step, { name: string }> & {
  [UNORDERED]: { dir: string; opts: ModelOptions };
};

/** `import.meta.url` of a pipelines/<name>/pipeline.ts -> its macros and models as compute steps, ordered when the pipeline is loaded. */
export function sqlModels(pipelineUrl: string, opts: ModelOptions): Step[] {
  const dir = path.dirname(fileURLToPath(pipelineUrl));
  const placeholder: UnorderedModels = {
    name: `models of ${path.relative(projectRoot, dir)}`,
    run: () => {
      throw new Error(`the models of ${dir} were never ordered: load the pipeline with loadPipeline`);
    },
    [UNORDERED]: { dir, opts },
  };
  return [placeholder];
}

/** The steps with each `sqlModels` placeholder replaced by its macros and models in the order to run them. */
export async function withOrderedModels(steps: Step[]): Promise<Step[]> {
  const out: Step[] = [];
  for (const step of steps)
    if (UNORDERED in step) out.push(...(await modelSteps((step as UnorderedModels)[UNORDERED])));
    else out.push(step);
  return out;
}

async function modelSteps({ dir, opts }: { dir: string; opts: ModelOptions }): Promise<Step[]> {
  const rel = (f: string) => path.relative(projectRoot, path.join(dir, f)).split(path.sep).join('/');
  const files = await readdir(dir);
  const macros = files.includes('macros.sql') ? [{ sql: rel('macros.sql') }] : [];
  const models: ModelFile[] = [];
  for (const f of (await readdir(path.join(dir, 'models'))).filter((f) => f.endsWith('.sql')).sort())
    models.push({
      file: rel(path.join('models', f)),
      sql: await readFile(path.join(dir, 'models', f), 'utf8'),
    });
  const order = orderByTables(await cachedModelTables(models), opts);
  return [...macros, ...order.map((file) => ({ sql: file }))];
}

/** Project-relative model files in the order to run them, DuckDB (in memory, for this alone) parsing them. */
export async function orderModels(models: ModelFile[], opts: ModelOptions): Promise<string[]> {
  const db = await Db.open({ threads: 1 });
  try {
    return orderByTables(await modelTables(db, models), opts);
  } finally {
    db.close();
  }
}

/** Which model makes each name (a table, a macro): two making one is a definition error naming both. */
function madeBy(
  models: ModelTables[],
  names: (m: ModelTables) => string[],
  kind: 'table' | 'macro',
): Map<string, string> {
  const by = new Map<string, string>();
  for (const m of models)
    for (const name of names(m)) {
      const other = by.get(name);
      if (other && other !== m.file)
        throw new PipelineError(m.file, `it and ${other} both create the ${kind} '${name}'`);
      by.set(name, m.file);
    }
  return by;
}

function orderByTables(models: ModelTables[], opts: ModelOptions): string[] {
  const creator = madeBy(models, (m) => m.creates, 'table');
  const definer = madeBy(models, (m) => m.defines, 'macro');
  const known = new Set([...creator.keys(), ...opts.inputs.map((n) => n.toLowerCase())]);
  const needs = new Map<string, Set<string>>();
  for (const m of models) {
    const unknown = m.reads.filter((n) => !known.has(n) && !m.creates.includes(n));
    if (unknown.length)
      throw new PipelineError(
        m.file,
        `it reads ${unknown.map((n) => `'${n}' (line ${m.readAt[n]})`).join(', ')}: no model of ${path.dirname(m.file)} creates it and the pipeline does not declare it among its inputs (${opts.inputs.join(', ')})`,
      );
    const reads = new Set(m.reads);
    // the rows others insert into what it reads are there before it reads them; inserting itself
    // waits only for the table's creator, so that two models inserting into one table do not wait on each other
    const readOnly = new Set(m.reads.filter((n) => !m.writes.includes(n)));
    const writers = models.filter((w) => w.file !== m.file && w.writes.some((n) => readOnly.has(n)));
    needs.set(
      m.file,
      new Set([
        ...[...creator].filter(([name, file]) => file !== m.file && reads.has(name)).map(([, file]) => file),
        ...writers.map((w) => w.file),
        // a macro is there before the models that call it
        ...m.calls.map((f) => definer.get(f)).filter((d): d is string => d !== undefined && d !== m.file),
      ]),
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
