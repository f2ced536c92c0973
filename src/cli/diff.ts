import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db, ident, lit } from '../core/duckdb.ts';
import { ExitCode, UsageError } from '../core/errors.ts';
import { noProgress, terminalProgress } from '../core/progress.ts';
import { tableResources } from '../publish/datapackage.ts';
import {
  changedValues,
  diffTable,
  keyOrder,
  provenanceChanges,
  type TableDiff,
  wholeRows,
} from '../publish/diff.ts';
import { loadDatapackage, resolveVersion } from '../publish/resolve.ts';
import { datasetDir } from '../publish/versions.ts';
import type { Io } from './io.ts';
import { formatTable } from './table.ts';

export interface DiffFlags {
  out: string;
  table?: string;
  json?: boolean;
  csv?: boolean;
  limit?: string;
}

/**
 * `kzstat diff <dataset> <from> <to>`: rows added, removed and changed
 * between two versions, table by table (docs/cli.md), with the inputs and
 * parameters that differ between them, so a revision is never silent.
 */
export async function diffCommand(
  dataset: string,
  fromName: string,
  toName: string,
  flags: DiffFlags,
  io: Io,
) {
  if (flags.json && flags.csv) throw new UsageError('--json and --csv cannot be combined');
  const limit = flags.limit === undefined ? 50 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw new UsageError(`--limit ${flags.limit}: expected a whole number`);
  const from = await resolveVersion(flags.out, dataset, fromName);
  const to = await resolveVersion(flags.out, dataset, toName);
  const [fromPkg, toPkg] = [
    await loadDatapackage(flags.out, dataset, from),
    await loadDatapackage(flags.out, dataset, to),
  ];
  const fromTables = new Map(tableResources(fromPkg).map((r) => [r.table ?? r.name, r]));
  const toTables = new Map(tableResources(toPkg).map((r) => [r.table ?? r.name, r]));
  const common = [...toTables.keys()].filter((t) => fromTables.has(t));
  if (flags.table && !common.includes(flags.table))
    throw new UsageError(
      `unknown table '${flags.table}' of ${dataset} in ${from} and ${to}: tables in both are ${common.join(', ') || 'none'}`,
    );
  const tables = flags.table ? [flags.table] : common;
  const onlyIn = {
    from: [...fromTables.keys()].filter((t) => !toTables.has(t)),
    to: [...toTables.keys()].filter((t) => !fromTables.has(t)),
  };

  const progress = io.isTTY && !flags.json && !flags.csv ? terminalProgress() : noProgress;
  const db = await Db.open();
  try {
    const diffs: TableDiff[] = [];
    for (const [i, t] of tables.entries()) {
      const label = `comparing ${dataset}.${t}`;
      progress.start(label);
      const d = await diffTable(
        db,
        i,
        { dir: path.join(datasetDir(flags.out, dataset), from), version: from, resource: fromTables.get(t)! },
        { dir: path.join(datasetDir(flags.out, dataset), to), version: to, resource: toTables.get(t)! },
      );
      progress.end(label, 'ran', `${d.counts.added + d.counts.removed + d.counts.changed} rows differ`);
      diffs.push(d);
    }
    progress.stop();
    const provenance = provenanceChanges(fromPkg, toPkg);
    if (flags.csv) io.out(await asCsv(db, diffs));
    else if (flags.json)
      io.out(
        JSON.stringify(
          { dataset, from, to, provenance, tables_only_in: onlyIn, tables: await asJson(db, diffs) },
          null,
          2,
        ),
      );
    else io.out(await asText(db, dataset, from, to, diffs, provenance, onlyIn, limit));
  } finally {
    progress.stop();
    db.close();
  }
  return ExitCode.ok;
}

/** Every table's diff in full (no --limit): a program reading the JSON wants all of it. */
async function asJson(db: Db, diffs: TableDiff[]) {
  const out = [];
  for (const d of diffs)
    out.push({
      table: d.table,
      key: d.key,
      counts: d.counts,
      columns: {
        compared: d.columns,
        added: d.columnsAdded,
        removed: d.columnsRemoved,
        retyped: d.typeChanges,
      },
      changed: (await changedValues(db, d)).map(({ text: _, ...r }) => r),
      added: await wholeRows(db, d, 'added'),
      removed: await wholeRows(db, d, 'removed'),
    });
  return out;
}

/** One CSV line per differing value: table, change, the key columns (of all tables compared), column, old, new, rel_change_pct. */
async function asCsv(db: Db, diffs: TableDiff[]): Promise<string> {
  const keys = [...new Set(diffs.flatMap((d) => d.key))];
  const header = ['table', 'change', ...keys, 'column', 'old', 'new', 'rel_change_pct'];
  if (diffs.length === 0) return header.join(',');
  const parts = diffs.map(
    (d, i) =>
      `SELECT ${lit(d.table)} AS "table", ${i} AS t_ord, change, ${d.key.map(ident).join(', ')}, "column", col_ord, old, new, rel_change_pct
       FROM ${d.relations.long}`,
  );
  const file = path.join(os.tmpdir(), `kzstat-diff-${process.pid}-${Date.now()}.csv`);
  try {
    await db.run(
      `COPY (SELECT ${header.map(ident).join(', ')} FROM (${parts.join(' UNION ALL BY NAME ')})
             ORDER BY t_ord, ${keyOrder(keys)}, col_ord) TO ${lit(file)} (FORMAT csv, HEADER true)`,
    );
    return (await readFile(file, 'utf8')).trimEnd();
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Whether a key value says anything on a terminal: a breakdown that does not
 * apply (`_Z`, the SDMX code for it) is as empty as a missing one, so a table
 * of R&D organisations is not shown with four columns of `_Z`.
 */
function shown(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '_Z';
}

function pct(v: number | null): string {
  if (v === null || v === undefined) return '';
  return `${v > 0 ? '+' : ''}${v.toFixed(Math.abs(v) < 0.01 && v !== 0 ? 4 : 2)}%`;
}

const short = (h?: string) => (h ? h.slice(0, 12) : '');

async function asText(
  db: Db,
  dataset: string,
  from: string,
  to: string,
  diffs: TableDiff[],
  provenance: ReturnType<typeof provenanceChanges>,
  onlyIn: { from: string[]; to: string[] },
  limit: number,
): Promise<string> {
  const lines = [`${dataset}: ${from} -> ${to}`, ...provenanceLines(from, to, provenance, onlyIn)];
  for (const d of diffs) lines.push(...(await tableLines(db, dataset, d, limit)));
  return lines.join('\n');
}

/** What went into the two versions differently: inputs, parameters, engine, warnings, tables. */
function provenanceLines(
  from: string,
  to: string,
  provenance: ReturnType<typeof provenanceChanges>,
  onlyIn: { from: string[]; to: string[] },
): string[] {
  const lines: string[] = [];
  for (const i of provenance.inputs)
    lines.push(
      `  input ${i.change}: ${i.path}${i.change === 'changed' ? ` (sha256 ${short(i.from)} -> ${short(i.to)})` : ''}${i.vintage ? `, vintage ${i.vintage}` : ''}`,
    );
  for (const p of provenance.parameters)
    lines.push(`  parameter ${p.name}: ${JSON.stringify(p.from)} -> ${JSON.stringify(p.to)}`);
  for (const e of provenance.engine) lines.push(`  engine ${e.name}: ${e.from} -> ${e.to}`);
  for (const w of provenance.warnings.new) lines.push(`  new warning [${w.check}] ${w.message}`);
  for (const w of provenance.warnings.gone) lines.push(`  warning gone [${w.check}] ${w.message}`);
  if (!provenance.inputs.length && !provenance.parameters.length) lines.push('  same inputs and parameters');
  for (const t of onlyIn.from) lines.push(`  table ${t} only in ${from}`);
  for (const t of onlyIn.to) lines.push(`  table ${t} only in ${to}`);
  return lines;
}

/** One table's counts, column changes, and up to `limit` changed values and whole rows of each kind. */
async function tableLines(db: Db, dataset: string, d: TableDiff, limit: number): Promise<string[]> {
  const c = d.counts;
  const lines = ['', `${dataset}.${d.table}  (key: ${d.key.join(', ')})`];
  lines.push(
    `  ${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged (${c.from_rows} -> ${c.to_rows} rows)`,
  );
  if (d.columnsAdded.length) lines.push(`  columns added: ${d.columnsAdded.join(', ')}`);
  if (d.columnsRemoved.length) lines.push(`  columns removed: ${d.columnsRemoved.join(', ')}`);
  for (const r of d.typeChanges)
    lines.push(`  column ${r.column} retyped ${r.from} -> ${r.to} (compared as text)`);
  if (c.changed) lines.push(...(await changedValueLines(db, d, limit)));
  for (const change of ['added', 'removed'] as const) {
    const n = change === 'added' ? c.added : c.removed;
    if (n) lines.push(...(await wholeRowLines(db, d, change, n, limit)));
  }
  if (!c.changed && !c.added && !c.removed) lines.push('  no differences');
  return lines;
}

const more = (n: number, limit: number) =>
  n > limit ? [`    … and ${n - limit} more (--limit N, or --json / --csv for all)`] : [];

async function changedValueLines(db: Db, d: TableDiff, limit: number): Promise<string[]> {
  const rows = await changedValues(db, d, limit);
  const total = await db.value<number>(
    `SELECT count(*)::INTEGER FROM ${d.relations.long} WHERE change = 'changed'`,
  );
  const keys = d.key.filter((k) => rows.some((r) => shown(r[k])));
  return [
    '  changed values',
    formatTable(
      [...keys, 'column', 'old', 'new', 'change'],
      rows.map((r) => [
        ...keys.map((k) => String(r[k])),
        String(r.column),
        r.text.old,
        r.text.new,
        pct(r.rel_change_pct),
      ]),
      { indent: '    ', align: [...keys.map(() => 'l' as const), 'l', 'auto', 'auto', 'r'] },
    ),
    ...more(total, limit),
  ];
}

/** Rows added or removed; columns empty in every row shown are left out, to fit a terminal. */
async function wholeRowLines(
  db: Db,
  d: TableDiff,
  change: 'added' | 'removed',
  n: number,
  limit: number,
): Promise<string[]> {
  const rows = await wholeRows(db, d, change, limit);
  const cols = [...d.key, ...d.columns].filter((k) =>
    rows.some((r) => (d.key.includes(k) ? shown(r[k]) : r[k] !== null && r[k] !== undefined)),
  );
  return [
    `  ${change} rows`,
    formatTable(
      cols,
      rows.map((r) => cols.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k])))),
      { indent: '    ', maxWidth: 30, align: cols.map((k) => (d.key.includes(k) ? 'l' : 'auto')) },
    ),
    ...more(n, limit),
  ];
}
