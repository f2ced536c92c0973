import type { Db } from '../core/duckdb.ts';
import { lit } from '../core/duckdb.ts';
import { PipelineError } from '../core/errors.ts';
import type { TableSpec } from '../core/pipeline.ts';
import { duckdbType } from '../publish/contract.ts';

/**
 * A model's result against its table's contract, before anything long runs on it: what the SQL
 * returns (DuckDB's DESCRIBE of the table it made) must be exactly the columns the contract
 * declares, each of the declared type. Publishing casts each column to its contract type, so
 * without this a column added only in the SQL would be dropped in silence, and a narrowing cast
 * (a DOUBLE published as INTEGER) would round figures nobody asked to round.
 */
export interface ContractMismatch {
  column: string;
  problem: string;
}

export async function modelColumns(db: Db, table: string): Promise<Map<string, string>> {
  const rows = await db.all<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE table_name = ${lit(table)} AND schema_name = current_schema() ORDER BY column_index`,
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

/**
 * A column whose values are all NULL has no type of its own in SQL (`NULL AS x` is INTEGER in
 * DuckDB): a model may leave such a column's type to the contract only by casting it, so this
 * is no exception.
 */
export function contractMismatches(spec: TableSpec, returned: Map<string, string>): ContractMismatch[] {
  const out: ContractMismatch[] = [];
  for (const c of spec.columns) {
    const got = returned.get(c.name);
    const want = duckdbType[c.type];
    if (got === undefined)
      out.push({
        column: c.name,
        problem: `the contract declares it (${want}), the model does not return it`,
      });
    else if (got !== want)
      out.push({
        column: c.name,
        problem: `the model returns it as ${got}, the contract declares ${want} (cast it in the SQL, or change the contract)`,
      });
  }
  const declared = new Set(spec.columns.map((c) => c.name));
  for (const name of returned.keys())
    if (!declared.has(name))
      out.push({
        column: name,
        problem: `the model returns it, the contract does not declare it (add it to the contract, or leave it out of the final SELECT)`,
      });
  return out;
}

/** The mismatches of one table as the pipeline error a run stops with (exit 2), naming the model file and each column. */
export function contractError(
  modelFile: string,
  contractFile: string,
  table: string,
  mismatches: ContractMismatch[],
): PipelineError {
  return new PipelineError(
    modelFile,
    `the table '${table}' it makes does not match its contract (${contractFile}): ${mismatches
      .map((m) => `column '${m.column}': ${m.problem}`)
      .join('; ')}`,
  );
}
