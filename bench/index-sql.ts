import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Db, ident, lit } from '../src/core/duckdb.ts';
import { fromRoot } from '../src/core/paths.ts';
import { selectPipelines } from '../src/engine/pipelines.ts';
import { setParams } from '../src/engine/stages/compute.ts';
import { loadSharedMacros } from '../src/models/macros.ts';
import { loadReferenceTables } from '../src/normalise/reference.ts';

/**
 * Measurement (d) of bench/scale.ts: the index SQL of the structure and
 * innovation pipelines run directly in DuckDB over a large published
 * observations Parquet, as their compute stage runs it (a view
 * `observations` over the file, the reference tables and shared macros, the pipeline's default
 * parameters as variables, each SQL file in the pipeline's order; a file that
 * is one SELECT becomes a table named after it). The pipelines' TypeScript
 * steps (input checks, the resilience regression, the run report) are left
 * out: they are not index SQL. Runs the steps up to and including
 * specialisation.sql (structure) and innovation_rating.sql (innovation).
 *
 *   node --import tsx bench/index-sql.ts --parquet observations.parquet --catalog synthetic-catalog.csv
 *
 * Prints one JSON line: per file, ms and the rows of the table it made.
 */
const { values } = parseArgs({
  options: { parquet: { type: 'string' }, catalog: { type: 'string' } },
});
if (!values.parquet) throw new Error('usage: index-sql.ts --parquet FILE [--catalog FILE]');

const runs = [
  { pipeline: 'structure', upTo: 'pipelines/structure/models/specialisation.sql' },
  { pipeline: 'innovation', upTo: 'pipelines/innovation/models/innovation_rating.sql' },
];

/** One SELECT statement (after comments) becomes a table; anything else runs as written. */
async function isSelect(db: Db, sql: string): Promise<boolean> {
  const statements = await db.connection.extractStatements(sql);
  const body = sql.replace(/--[^\n]*\n?|\/\*[\s\S]*?\*\//g, '').trim();
  return statements.count === 1 && /^(select|with|from)\b/i.test(body);
}

const steps: { pipeline: string; file: string; ms: number; rows: number | null }[] = [];
const t0 = performance.now();
for (const run of runs) {
  // loaded as a run loads it: its models are ordered then
  const { pipeline } = (await selectPipelines([run.pipeline]))[0]!;
  const db = await Db.open();
  try {
    await loadReferenceTables(db, values.catalog ? [path.resolve(values.catalog)] : []);
    await loadSharedMacros(db);
    await db.run(
      `CREATE OR REPLACE VIEW observations AS SELECT * FROM read_parquet(${lit(path.resolve(values.parquet))})`,
    );
    await setParams(db, pipeline.params.parse({}) as Record<string, unknown>);
    for (const step of pipeline.steps) {
      if (!('sql' in step)) continue;
      const sql = await readFile(fromRoot(step.sql), 'utf8');
      const table = path.basename(step.sql, '.sql');
      const select = await isSelect(db, sql);
      const s0 = performance.now();
      await db.run(
        select ? `CREATE OR REPLACE TABLE ${ident(table)} AS ${sql.trim().replace(/;\s*$/, '')}` : sql,
      );
      const ms = performance.now() - s0;
      const rows = select ? await db.value<number>(`SELECT count(*)::INTEGER FROM ${ident(table)}`) : null;
      steps.push({ pipeline: run.pipeline, file: step.sql, ms, rows });
      if (step.sql === run.upTo) break;
    }
  } finally {
    db.close();
  }
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, steps })}\n`);
