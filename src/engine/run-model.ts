import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Db, ident } from '../core/duckdb.ts';
import { inSqlFile } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import type { TableSpec } from '../core/pipeline.ts';
import { contractFile } from '../models/contracts.ts';
import { lineOf, statements } from '../models/sql-tokens.ts';
import { contractError, contractMismatches, modelColumns } from './model-contract.ts';

/**
 * One SQL model run the way the compute stage runs it, for compute and for the model tests
 * alike (tests/models/helpers.ts), so that a test runs the very SQL a run does and is held to
 * the same contract: a single SELECT becomes the table named after its file, anything else runs
 * as written; an error of the SQL's own making names the file; and when the table is published,
 * what the model returned is compared with its contract at once.
 */

/** The contract a model's table is held to: its spec, and the pipeline whose models/ holds the file. */
export interface ModelContract {
  pipeline: string;
  spec: TableSpec;
}

function isSelect(sql: string): boolean {
  // Comments and string literals in one pass, whichever starts first: a ';' inside a
  // literal (string_agg(x, '; ')) does not end a statement, nor does an apostrophe in a comment open one.
  const body = sql
    .replace(/--[^\n]*\n?|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (m) => (m.startsWith("'") ? "''" : ''))
    .trim();
  return /^(select|with|from)\b/i.test(body) && !/;\s*\S/.test(body.replace(/;\s*$/, ''));
}

/** A published table as its model made it, against its contract: a mismatch is a PipelineError naming the model and each column. */
export async function expectContract(db: Db, modelFile: string, contract: ModelContract): Promise<void> {
  const { pipeline, spec } = contract;
  const mismatches = contractMismatches(spec, await modelColumns(db, spec.name));
  if (mismatches.length)
    throw contractError(modelFile, contractFile(pipeline, spec.name), spec.name, mismatches);
}

/**
 * Runs the project-relative SQL file `file` in `db`, making the table named after it, and checks
 * that table against `contract` when one is given (the table is published). Returns the table's name.
 */
export async function runSqlModel(db: Db, file: string, contract?: ModelContract): Promise<string> {
  const sql = await readFile(fromRoot(file), 'utf8');
  const table = path.basename(file, '.sql');
  if (isSelect(sql))
    await inSqlFile(file, () =>
      db.run(`CREATE OR REPLACE TABLE ${ident(table)} AS ${sql.trim().replace(/;\s*$/, '')}`),
    );
  else await runScript(db, file, sql);
  if (contract) await expectContract(db, file, contract);
  return table;
}

/**
 * A script model one statement at a time, so that an error names the statement that raised it
 * and its line, not only the file: in a script of ten statements, DuckDB's message alone may not
 * say which one it came from.
 */
async function runScript(db: Db, file: string, sql: string): Promise<void> {
  const all = statements(sql);
  for (const [i, statement] of all.entries()) {
    const line = lineOf(sql, statement.tokens[0]!.start);
    await inSqlFile(file, () => db.run(statement.text), `statement ${i + 1} of ${all.length}, line ${line}`);
  }
}
