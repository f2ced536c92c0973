import { copyFile, link, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { cacheDamage } from '../core/cache-files.ts';
import { type Db, ident, lit } from '../core/duckdb.ts';
import { PipelineError } from '../core/errors.ts';
import { hashJson } from '../core/hash.ts';
import type { TableSpec } from '../core/pipeline.ts';
import { NORMALISED_FILES } from '../normalise/layout.ts';
import type { StageOutputs, TablePart } from './stages/outputs.ts';
import type { LastRun, StageContext } from './stages/types.ts';

/**
 * Compute for the indicators that changed, and the rest from the last run. A pipeline that declares
 * `computeBy: 'indicator'` promises that each of its steps computes an indicator's rows from that
 * indicator's observations alone, and that every table a step keeps (not TEMP) has an `indicator`
 * column. The observations come in parts that share no indicator (normalise), so after a revision of
 * one input the indicators of its new part are all that changed: the steps run on those alone, and the
 * other indicators' rows are taken from the last run: the parts of a table published in parts by
 * indicator are linked from its folder, every other kept table is read back from the copy the last run
 * left (`kept/<table>.parquet`). Anything else that changed (code, parameters, catalogue, registry,
 * the pipeline's tables) computes everything, as does --force.
 */
export interface Reuse {
  /** indicators computed in this run: those of the new parts, and of the parts that are gone */
  changed: string[];
  /** indicators taken from the last run */
  kept: string[];
  /** the new parts of the normalised observations, the only rows the steps read */
  newParts: TablePart[];
  /** the last run's compute folder (absolute) and output */
  dir: string;
  last: StageOutputs['compute'];
}

export const KEPT_DIR = 'kept';

/** What decides the normalised rows besides the inputs themselves (code, catalogue, registry): compute by indicator reuses nothing across a change of it. */
export function normaliseBasis(ctx: StageContext): string {
  const { 'upstream:extract': _inputs, ...rest } = ctx.records.normalise!.components;
  return hashJson(rest);
}

/** Whether this run may compute only the changed indicators, and which they are; undefined: compute everything. */
export async function planReuse(
  ctx: StageContext,
  last: LastRun<StageOutputs['compute']> | undefined,
): Promise<Reuse | undefined> {
  if (ctx.pipeline.computeBy !== 'indicator' || ctx.opts.force || !last?.dir) return undefined;
  // only the observations changed; a run forced (--from) with nothing changed computes everything
  if (last.changed.length !== 1 || last.changed[0] !== 'upstream:normalise') return undefined;
  const prev = last.record.data;
  if (prev.normaliseBasis !== normaliseBasis(ctx) || !prev.kept) return undefined;
  const now = ctx.records.normalise!.data.parts;
  const before = prev.computedFrom;
  if (!before.length || [...now, ...before].some((p) => !p.indicators)) return undefined;
  if (await cacheDamage(last.dir, last.record.files)) return undefined;
  const had = new Set(before.map((p) => p.hash));
  const has = new Set(now.map((p) => p.hash));
  const newParts = now.filter((p) => !had.has(p.hash));
  const changed = new Set([
    ...newParts.flatMap((p) => p.indicators!),
    ...before.filter((p) => !has.has(p.hash)).flatMap((p) => p.indicators!),
  ]);
  const kept = [...new Set(now.flatMap((p) => p.indicators!))].filter((i) => !changed.has(i)).sort();
  if (!kept.length) return undefined;
  return { changed: [...changed].sort(), kept, newParts, dir: last.dir, last: prev };
}

/** The observations the steps read when only some indicators are computed: the new parts alone. */
export async function attachChangedObservations(db: Db, normaliseDir: string, reuse: Reuse): Promise<void> {
  const files = reuse.newParts.map((p) => lit(path.join(normaliseDir, p.file)));
  // no new part (an input was removed): no rows, with the columns the steps expect
  const from = files.length
    ? `read_parquet([${files.join(', ')}])`
    : `(SELECT * FROM read_parquet(${lit(path.join(normaliseDir, NORMALISED_FILES.observations))}) WHERE false)`;
  await db.run(`CREATE OR REPLACE VIEW observations AS SELECT * FROM ${from}`);
}

/** The tables a step keeps (not TEMP), by name, with DuckDB's id of each: a step that replaces one gives it a new id. */
export async function keptTables(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ name: string; oid: number }>(
    `SELECT table_name AS name, table_oid::BIGINT AS oid FROM duckdb_tables() WHERE NOT temporary`,
  );
  return new Map(rows.map((r) => [r.name, Number(r.oid)]));
}

/** The tables of `after` that are new or replaced since `before`. */
export function madeBetween(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([name, oid]) => before.get(name) !== oid).map(([name]) => name);
}

export const byIndicator = (spec: TableSpec | undefined): boolean =>
  typeof spec?.parts === 'object' && spec.parts.by === 'indicator';

/**
 * Right after the step that made `table`: the other indicators' rows from the last run, so the steps
 * after it read the whole table. A table published in parts by indicator becomes a view over what this
 * run computed (`<table>__computed`, which its parts are cut from) and the last run's parts of the kept
 * indicators; any other table gets their rows back from the last run's copy.
 */
export async function completeTable(
  db: Db,
  ctx: StageContext,
  table: string,
  stepFile: string,
  reuse: Reuse | undefined,
): Promise<void> {
  const cols = await db.all<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = ${lit(table)} AND NOT internal`,
  );
  if (!cols.some((c) => c.name === 'indicator'))
    throw new PipelineError(
      stepFile,
      `the pipeline computes by indicator (computeBy), but the table '${table}' it keeps has no column indicator: give it one, or make it a TEMP table if it is scratch`,
    );
  if (!reuse) return;
  const spec = ctx.pipeline.tables.find((t) => t.name === table);
  if (byIndicator(spec)) {
    const carried = keptParts(reuse, table);
    await db.run(`ALTER TABLE ${ident(table)} RENAME TO ${ident(computedName(table))}`);
    const last = carried.length
      ? ` UNION ALL BY NAME SELECT * FROM read_parquet([${carried.map((p) => lit(path.join(reuse.dir, p.file))).join(', ')}])`
      : '';
    await db.run(`CREATE VIEW ${ident(table)} AS SELECT * FROM ${ident(computedName(table))}${last}`);
    return;
  }
  if (!reuse.last.kept!.includes(table))
    throw new Error(
      `compute by indicator: the last run kept no copy of ${table}, although its code is the same`,
    );
  await db.run(
    `INSERT INTO ${ident(table)} BY NAME SELECT * FROM read_parquet(${lit(path.join(reuse.dir, KEPT_DIR, `${table}.parquet`))})
     WHERE indicator IN (${reuse.kept.map(lit).join(', ')})`,
  );
}

export const computedName = (table: string) => `${table}__computed`;

/** The last run's parts of a table by indicator that this run keeps. */
export function keptParts(reuse: Reuse, table: string): TablePart[] {
  const kept = new Set(reuse.kept);
  return (reuse.last.tables[table]?.parts ?? []).filter((p) => p.indicators?.every((i) => kept.has(i)));
}

/** The kept parts linked into this run's folder (copied where links are refused). */
export async function carryParts(reuse: Reuse, table: string, dir: string): Promise<TablePart[]> {
  const parts = keptParts(reuse, table);
  for (const p of parts) {
    const to = path.join(dir, p.file);
    await mkdir(path.dirname(to), { recursive: true });
    await link(path.join(reuse.dir, p.file), to).catch(() => copyFile(path.join(reuse.dir, p.file), to));
  }
  return parts;
}

/** Every kept table that is not published in parts by indicator, for the next run to take rows from. */
export async function saveKeptTables(
  db: Db,
  ctx: StageContext,
  tables: string[],
  dir: string,
): Promise<string[]> {
  const saved = tables.filter((t) => !byIndicator(ctx.pipeline.tables.find((s) => s.name === t))).sort();
  if (saved.length) await mkdir(path.join(dir, KEPT_DIR), { recursive: true });
  for (const t of saved)
    await db.run(
      `COPY ${ident(t)} TO ${lit(path.join(dir, KEPT_DIR, `${t}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`,
    );
  return saved;
}
