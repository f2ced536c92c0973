import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PipelineError } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import type { TableSpec } from '../core/pipeline.ts';

/**
 * The published tables of a pipeline folder: one contract per `models/<table>.table.ts`, found
 * the way the models are, so a table is declared once, beside the SQL that makes it. The engine
 * compares each with what its model returns (src/engine/model-contract.ts).
 */
export const CONTRACT_SUFFIX = '.table.ts';

/** Project-relative path of a table's contract. */
export function contractFile(pipeline: string, table: string): string {
  return `pipelines/${pipeline}/models/${table}${CONTRACT_SUFFIX}`;
}

// What the type system already says, checked again at run time: a contract is a module a
// contributor writes, and a typo in it ("float") must name its file rather than fail later.
const column = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name in lower snake case'),
  type: z.enum(['string', 'double', 'int32', 'int64', 'bool', 'date']),
  required: z.boolean().optional(),
  description: z.string().min(1),
  unit: z.string().optional(),
});
const contract = z.looseObject({
  title: z.string().min(1),
  description: z.string().min(1),
  primaryKey: z.array(z.string()).min(1),
  columns: z.array(column).min(1),
});

function problem(file: string, message: string): PipelineError {
  return new PipelineError(file, message);
}

/** The contracts of `pipelines/<pipeline>/models`, in file-name order. */
export async function tableContracts(pipeline: string): Promise<TableSpec[]> {
  const dir = fromRoot('pipelines', pipeline, 'models');
  const files = (await readdir(dir)).filter((f) => f.endsWith(CONTRACT_SUFFIX)).sort();
  const out: TableSpec[] = [];
  for (const f of files) {
    const name = f.slice(0, -CONTRACT_SUFFIX.length);
    const file = contractFile(pipeline, name);
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: unknown };
    if (!mod.default) throw problem(file, 'it has no default export (a defineTable(...) call)');
    const parsed = contract.safeParse(mod.default);
    if (!parsed.success)
      throw problem(
        file,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'the contract'}: ${i.message}`).join('; '),
      );
    const spec = { name, ...(mod.default as Omit<TableSpec, 'name'>) };
    const names = spec.columns.map((c) => c.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length)
      throw problem(
        file,
        `it declares the column${repeated.length > 1 ? 's' : ''} ${repeated.map((n) => `'${n}'`).join(', ')} twice`,
      );
    const unknownKey = spec.primaryKey.filter((k) => !names.includes(k));
    if (unknownKey.length)
      throw problem(
        file,
        `its primaryKey names ${unknownKey.map((k) => `'${k}'`).join(', ')}, which is not among its columns`,
      );
    out.push(spec);
  }
  return out;
}
