import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Db, ident, lit } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';
import type { Pipeline, TableSpec } from '../../src/core/pipeline.ts';
import { loadPipelines } from '../../src/engine/pipelines.ts';
import { runSqlModel } from '../../src/engine/run-model.ts';
import { setParams } from '../../src/engine/stages/compute.ts';
import { loadSharedMacros } from '../../src/models/macros.ts';
import { observationColumns } from '../../src/normalise/contract.ts';
import { loadReferenceTables } from '../../src/normalise/reference.ts';
import { duckdbType } from '../../src/publish/contract.ts';

/**
 * One SQL model on a few hand-made rows: an in-memory DuckDB with the
 * registry's reference tables, the macros every pipeline may call
 * (src/models/macros.sql), the pipeline's parameters (defaults unless given)
 * and its macros.sql; input tables from row objects, or typed from a
 * published upstream table's contract; the model run by compute's own
 * runner, so a test of a published table's model also checks that what it
 * returns is the table's contract (columns and types).
 */
export type Row = Record<string, unknown>;

async function loadedPipeline(name: string): Promise<Pipeline> {
  const found = (await loadPipelines()).find((p) => p.pipeline.name === name);
  if (!found) throw new Error(`no pipeline ${name}`);
  return found.pipeline;
}

export async function modelDb(pipeline: string, params: Row = {}): Promise<Db> {
  const { params: schema } = await loadedPipeline(pipeline);
  const db = await Db.open();
  await loadReferenceTables(db);
  await loadSharedMacros(db);
  await setParams(db, schema.parse(params) as Row);
  const macros = fromRoot('pipelines', pipeline, 'macros.sql');
  if (existsSync(macros)) await db.run(await readFile(macros, 'utf8'));
  return db;
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : `${v}::DOUBLE`;
  if (typeof v === 'boolean') return String(v);
  return lit(String(v));
}

/** A table from rows; `types` gives a column's DuckDB type where the values alone do not say it (NULLs, doubles that are whole). */
export async function table(
  db: Db,
  name: string,
  rows: Row[],
  types: Record<string, string> = {},
): Promise<void> {
  const columns = [...new Set([...rows.flatMap((r) => Object.keys(r)), ...Object.keys(types)])];
  if (rows.length === 0) {
    await db.run(
      `CREATE OR REPLACE TABLE ${ident(name)} (${columns.map((c) => `${ident(c)} ${types[c]}`).join(', ')})`,
    );
    return;
  }
  const select = columns
    .map((c) => (types[c] ? `CAST(${ident(c)} AS ${types[c]}) AS ${ident(c)}` : ident(c)))
    .join(', ');
  const values = rows.map((r) => `(${columns.map((c) => literal(r[c])).join(', ')})`).join(', ');
  await db.run(
    `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT ${select} FROM (VALUES ${values}) v(${columns.map(ident).join(', ')})`,
  );
}

/**
 * `observations` as the normalise stage publishes it: every column of the
 * contract, typed; a row gives what matters to the test, and an annual
 * figure without breakdowns on the 2022 borders is the default.
 */
export async function observations(db: Db, rows: Row[]): Promise<void> {
  const types = Object.fromEntries(observationColumns.map((c) => [c.name, duckdbType[c.type]]));
  const full = rows.map((r) => {
    const year = r.year as number;
    return {
      industry: '_T',
      partner: '_T',
      product: '_T',
      flow: '_T',
      unit: 'count',
      status: null,
      source: 'hand-made',
      period: String(year),
      period_type: 'year',
      period_start: `${year}-01-01`,
      period_end: `${year}-12-31`,
      boundary_vintage: '2022',
      ...r,
    };
  });
  await table(db, 'observations', full, types);
}

/** The published table `name` of a pipeline: its contract, as `loadPipelines()` found it beside its model. */
async function contractOf(pipeline: string, name: string): Promise<TableSpec | undefined> {
  return (await loadedPipeline(pipeline)).tables.find((t) => t.name === name && !t.fromNormalise);
}

/**
 * An input table typed from the contract of the published table `name` of `pipeline`: every column
 * the contract declares, of its DuckDB type, NULL where a row does not give it. A row naming a
 * column the contract does not declare is the test's slip, and fails at once.
 */
export async function contractTable(db: Db, pipeline: string, name: string, rows: Row[]): Promise<void> {
  const spec = await contractOf(pipeline, name);
  if (!spec) throw new Error(`${pipeline} publishes no table ${name}`);
  const declared = new Set(spec.columns.map((c) => c.name));
  const unknown = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => !declared.has(c));
  if (unknown.length) throw new Error(`the contract of ${name} declares no column ${unknown.join(', ')}`);
  const types = Object.fromEntries(spec.columns.map((c) => [c.name, duckdbType[c.type]]));
  const full = rows.map((r) => Object.fromEntries(spec.columns.map((c) => [c.name, r[c.name] ?? null])));
  await table(db, name, full, types);
}

/**
 * Runs pipelines/<pipeline>/models/<model>.sql as the compute stage does (src/engine/run-model.ts),
 * held to the contract of its table when the pipeline publishes it, and returns its rows, ordered by
 * all columns from the first.
 */
export async function runModel(db: Db, pipeline: string, model: string): Promise<Row[]> {
  const spec = await contractOf(pipeline, model);
  await runSqlModel(db, `pipelines/${pipeline}/models/${model}.sql`, spec && { pipeline, spec });
  const rows = await db.all(`SELECT * FROM ${ident(model)} ORDER BY ALL`);
  // Counts and ranks of an unpublished table (no contract types them) come back as BIGINT, and
  // doubles to 9 decimals, so that 10 is not 10.000000000000009 after a division.
  return rounded(
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    ),
    9,
  );
}

/** Only the named columns of each row, for exact comparisons that do not restate every column. */
export function pick(rows: Row[], columns: string[]): Row[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
}

/** Doubles rounded to `digits` decimals, so that exact comparisons do not hang on the last bit. */
export function rounded(rows: Row[], digits = 6): Row[] {
  const f = 10 ** digits;
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * f) / f : v,
      ]),
    ),
  );
}
