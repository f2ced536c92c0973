import { access } from 'node:fs/promises';
import path from 'node:path';
import { Db, ident, lit } from '../core/duckdb.ts';
import { ExitCode, InputError, inputErrorFrom, UsageError } from '../core/errors.ts';
import { type WithinResult, withinRegressionOrInputError } from '../panel/within.ts';
import type { Io } from './io.ts';

/**
 * `kzstat panel`: a fixed-effects (within) regression on a CSV panel, one
 * row per entity and period. The CSV is read and checked in DuckDB (every
 * named column present, every value a number or empty, one row per entity
 * and period); the estimator is src/panel/within.ts.
 */
export interface PanelFlags {
  input?: string;
  entity?: string;
  time?: string;
  y?: string;
  x?: string;
  timeEffects?: boolean;
  json?: boolean;
}

const PROBLEMS_SHOWN = 50;

function required(flags: PanelFlags): {
  input: string;
  entity: string;
  time: string;
  y: string;
  x: string[];
} {
  const missing = (['input', 'entity', 'time', 'y', 'x'] as const).filter((f) => !flags[f]?.trim());
  if (missing.length)
    throw new UsageError(
      `kzstat panel needs ${missing.map((m) => `--${m}`).join(', ')} (usage: kzstat panel --input F --entity C --time C --y C --x C1,C2)`,
    );
  const x = flags.x!.split(',').map((c) => c.trim());
  if (x.some((c) => c === '')) throw new UsageError(`--x ${flags.x}: an empty column name in the list`);
  const named = [flags.entity!, flags.time!, flags.y!, ...x];
  const twice = named.filter((c, i) => named.indexOf(c) !== i);
  if (twice.length)
    throw new UsageError(`column '${twice[0]}' is named twice among --entity, --time, --y and --x`);
  return { input: flags.input!, entity: flags.entity!, time: flags.time!, y: flags.y!, x };
}

async function loadPanel(db: Db, file: string, shown: string, cols: string[], entity: string, time: string) {
  try {
    await db.run(`CREATE OR REPLACE TABLE panel_csv AS
      SELECT *, row_number() OVER () + 1 AS csv_row
      FROM read_csv(${lit(file)}, header = true, all_varchar = true, strict_mode = true)`);
  } catch (e) {
    throw new InputError(`${shown}: not a readable CSV: ${(e as Error).message.split('\n')[0]}`);
  }
  const have = (
    await db.all<{ column_name: string }>(
      `SELECT column_name FROM (DESCRIBE panel_csv) WHERE column_name <> 'csv_row'`,
    )
  ).map((c) => c.column_name);
  const absent = cols.filter((c) => !have.includes(c));
  if (absent.length)
    throw new InputError(
      `${shown} row 1: no column ${absent.map((a) => `'${a}'`).join(', ')} (columns: ${have.join(', ')})`,
    );
  // Missing values (empty cells) are left out of the estimation; anything else must be a number.
  const numeric = cols.filter((c) => c !== entity && c !== time);
  const bad = await db.all<{ csv_row: number; col: string; value: string }>(
    numeric
      .map(
        (c) => `SELECT csv_row::INTEGER AS csv_row, ${lit(c)} AS col, ${ident(c)} AS value FROM panel_csv
                WHERE nullif(trim(${ident(c)}), '') IS NOT NULL AND TRY_CAST(trim(${ident(c)}) AS DOUBLE) IS NULL`,
      )
      .join(' UNION ALL ')
      .concat(` ORDER BY csv_row, col LIMIT ${PROBLEMS_SHOWN + 1}`),
  );
  const keys = await db.all<{ csv_row: number; first: number; e: string; t: string }>(`
    SELECT csv_row::INTEGER AS csv_row, first::INTEGER AS first, e, t FROM (
      SELECT csv_row, ${ident(entity)} AS e, ${ident(time)} AS t,
             min(csv_row) OVER (PARTITION BY ${ident(entity)}, ${ident(time)}) AS first
      FROM panel_csv)
    WHERE csv_row > first ORDER BY csv_row LIMIT ${PROBLEMS_SHOWN + 1}`);
  const noEntity = await db.all<{ csv_row: number }>(
    `SELECT csv_row::INTEGER AS csv_row FROM panel_csv WHERE nullif(trim(${ident(entity)}), '') IS NULL
        OR nullif(trim(${ident(time)}), '') IS NULL ORDER BY csv_row LIMIT ${PROBLEMS_SHOWN + 1}`,
  );
  const problems = [
    ...bad.map((b) => ({
      file: shown,
      where: `row ${b.csv_row}`,
      message: `${b.col} = '${b.value}' is not a number (use '.' for decimals; leave the cell empty when missing)`,
    })),
    ...keys.map((k) => ({
      file: shown,
      where: `row ${k.csv_row}`,
      message: `${entity} '${k.e}' and ${time} '${k.t}' appear already in row ${k.first}: one row per entity and period`,
    })),
    ...noEntity.map((r) => ({
      file: shown,
      where: `row ${r.csv_row}`,
      message: `no ${entity} or no ${time}: every row needs both`,
    })),
  ];
  if (problems.length) throw inputErrorFrom(problems);
  await db.run(
    `CREATE OR REPLACE VIEW panel AS SELECT ${ident(entity)}, ${ident(time)}, ${numeric
      .map((c) => `TRY_CAST(nullif(trim(${ident(c)}), '') AS DOUBLE) AS ${ident(c)}`)
      .join(', ')} FROM panel_csv`,
  );
}

const fmt = (v: number, digits = 7) => (Number.isFinite(v) ? v.toPrecision(digits) : 'NaN');

export function formatWithin(r: WithinResult, file: string, entity: string): string {
  const width = Math.max(12, ...r.terms.map((t) => t.term.length));
  const lines = [
    `Fixed-effects (within) regression of ${r.y}, entity ${entity}: ${file}`,
    `N = ${r.n}, entities = ${r.entities}, periods = ${r.periods}, df = ${r.df_resid} (N - entities - k)`,
    `within R² = ${r.within_r2 === null ? 'n/a' : fmt(r.within_r2, 6)}, sigma = ${fmt(r.sigma)}`,
    '',
    `${'term'.padEnd(width)}  ${'coefficient'.padStart(14)}  ${'std. error'.padStart(14)}  ${'t'.padStart(10)}`,
    ...r.terms.map(
      (t) =>
        `${t.term.padEnd(width)}  ${fmt(t.coefficient).padStart(14)}  ${fmt(t.std_error).padStart(14)}  ${fmt(t.t, 5).padStart(10)}`,
    ),
  ];
  if (r.time_effects.length || r.omitted.length)
    lines.push(
      '',
      `${r.time_effects.length} period dummies (the first period left out${r.omitted.length ? `; ${r.omitted.join(', ')} omitted: collinear with the entity effects` : ''})`,
    );
  if (r.dropped_missing) lines.push('', `${r.dropped_missing} rows with a missing value left out`);
  return lines.join('\n');
}

export async function panelCommand(flags: PanelFlags, io: Io): Promise<number> {
  const spec = required(flags);
  const file = path.resolve(spec.input);
  try {
    await access(file);
  } catch {
    throw new UsageError(`--input ${spec.input}: no such file`);
  }
  const db = await Db.open();
  try {
    await loadPanel(
      db,
      file,
      spec.input,
      [spec.entity, spec.time, spec.y, ...spec.x],
      spec.entity,
      spec.time,
    );
    const result = await withinRegressionOrInputError(
      db,
      {
        relation: 'panel',
        entity: spec.entity,
        time: spec.time,
        y: spec.y,
        x: spec.x,
        timeEffects: flags.timeEffects,
      },
      spec.input,
    );
    io.out(
      flags.json
        ? JSON.stringify({ input: spec.input, entity: spec.entity, time: spec.time, ...result }, null, 2)
        : formatWithin(result, spec.input, spec.entity),
    );
    return ExitCode.ok;
  } finally {
    db.close();
  }
}
