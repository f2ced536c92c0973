import { type Db, ident } from '../core/duckdb.ts';
import { UsageError } from '../core/errors.ts';
import type { Datapackage, Resource } from './datapackage.ts';
import { contentParts } from './parts.ts';
import { resourceSelect } from './scan.ts';

/**
 * What changed in one table between two published versions, matched by its
 * primary key: rows added, rows removed, and for rows in both, every value
 * column whose value differs (old, new, relative change). All of it is one
 * FULL OUTER JOIN in DuckDB over the two versions' Parquet files; JavaScript
 * only sees the counts and the rows it is asked to print.
 *
 * DOUBLE values that differ by less than one part in 10^9 count as equal:
 * such a difference is floating-point noise (summation order), not a
 * revision; no statistic is published with that many digits.
 */
export const RELATIVE_TOLERANCE = 1e-9;

export interface TableDiff {
  table: string;
  key: string[];
  /** value columns compared (in both versions) */
  columns: string[];
  columnsAdded: string[];
  columnsRemoved: string[];
  typeChanges: { column: string; from: string; to: string }[];
  counts: {
    from_rows: number;
    to_rows: number;
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
  };
  /** the DuckDB temp tables holding the rows that differ (wide) and the changes one value per row (long) */
  relations: { rows: string; long: string };
}

const NUMERIC = new Set(['Float64', 'Int32', 'Int64']);

function arrowTypes(r: Resource): Map<string, string> {
  return new Map(r.schema.fields.map((f) => [f.name, f.arrow_type ?? f.type]));
}

function primaryKey(r: Resource, version: string): string[] {
  const key = r.schema.primaryKey;
  if (!key?.length)
    throw new UsageError(
      `table ${r.name} of version ${version} declares no primary key: rows cannot be matched`,
    );
  return key;
}

/** One table as published in one version: the version's folder, its id, and the table's resource. */
interface VersionTable {
  dir: string;
  version: string;
  resource: Resource;
}

export async function diffTable(
  db: Db,
  n: number,
  fromWhole: VersionTable,
  toWhole: VersionTable,
): Promise<TableDiff> {
  const { from, to, sharedRows } = withoutSharedParts(fromWhole, toWhole);
  const table = to.resource.table ?? to.resource.name;
  const key = sharedPrimaryKey(table, from, to);
  const plan = planColumns(from.resource, to.resource, key);
  const rows = `kzstat_diff_rows_${n}`;
  const long = `kzstat_diff_long_${n}`;
  const only = await changedGroupsFilter(db, `kzstat_diff_groups_${n}`, key, from, to, plan);
  await createChangedRows(db, rows, key, from, to, plan, only);
  await createChangedValues(db, long, rows, key, plan);
  const counts = await countChanges(db, rows, from, to);
  counts.from_rows += sharedRows;
  counts.to_rows += sharedRows;
  counts.unchanged += sharedRows;
  return {
    table,
    key,
    columns: plan.columns,
    columnsAdded: [...plan.newTypes.keys()].filter((c) => !plan.oldTypes.has(c)),
    columnsRemoved: [...plan.oldTypes.keys()].filter((c) => !plan.newTypes.has(c)),
    typeChanges: plan.typeChanges,
    counts,
    relations: { rows, long },
  };
}

/** The key rows are matched by, which both versions must declare alike. */
function sharedPrimaryKey(table: string, from: VersionTable, to: VersionTable): string[] {
  const key = primaryKey(to.resource, to.version);
  const oldKey = primaryKey(from.resource, from.version);
  if (oldKey.join(',') !== key.join(','))
    throw new UsageError(
      `table ${table}: its primary key changed from (${oldKey.join(', ')}) in ${from.version} to (${key.join(', ')}) in ${to.version}; rows cannot be matched by key`,
    );
  return key;
}

/** How the two versions' columns line up, and the SQL that reads and compares one column of both. */
interface ColumnPlan {
  oldTypes: Map<string, string>;
  newTypes: Map<string, string>;
  /** value columns in both versions */
  columns: string[];
  typeChanges: { column: string; from: string; to: string }[];
  /** column `c` of the side `alias` of the join */
  side: (alias: string, c: string) => string;
  isNumeric: (c: string) => boolean;
  /** SQL true when old value `o` and new value `v` of column `c` differ */
  differs: (o: string, v: string, c: string) => string;
}

function planColumns(from: Resource, to: Resource, key: string[]): ColumnPlan {
  const oldTypes = arrowTypes(from);
  const newTypes = arrowTypes(to);
  const columns = [...newTypes.keys()].filter((c) => oldTypes.has(c) && !key.includes(c));
  const typeChanges = [...newTypes.keys()]
    .filter((c) => oldTypes.has(c) && oldTypes.get(c) !== newTypes.get(c))
    .map((c) => ({ column: c, from: oldTypes.get(c)!, to: newTypes.get(c)! }));
  const retyped = new Set(typeChanges.map((t) => t.column));
  // a column whose type changed is compared (and shown) as text
  const side = (alias: string, c: string) => `${alias}.${ident(c)}${retyped.has(c) ? '::VARCHAR' : ''}`;
  const isDouble = (c: string) => !retyped.has(c) && newTypes.get(c) === 'Float64';
  const isNumeric = (c: string) => !retyped.has(c) && NUMERIC.has(newTypes.get(c)!);
  const differs = (o: string, v: string, c: string) =>
    isDouble(c)
      ? `(CASE WHEN ${o} IS NULL OR ${v} IS NULL THEN ${o} IS DISTINCT FROM ${v}
              ELSE abs(${v} - ${o}) > ${RELATIVE_TOLERANCE} * greatest(abs(${o}), abs(${v})) END)`
      : `(${o} IS DISTINCT FROM ${v})`;
  return { oldTypes, newTypes, columns, typeChanges, side, isNumeric, differs };
}

const oldCol = (c: string) => ident(`old.${c}`);
const newCol = (c: string) => ident(`new.${c}`);

/**
 * A WHERE clause keeping only the groups of the key's first column (an indicator, say) whose rows hash
 * differently, so revising one indicator of ten million rows does not join all of them; '' when every
 * row must be joined.
 */
async function changedGroupsFilter(
  db: Db,
  groups: string,
  key: string[],
  from: VersionTable,
  to: VersionTable,
  plan: ColumnPlan,
): Promise<string> {
  // Equal sums of 64-bit row hashes with equal counts are taken for equal rows; a double that moved by
  // less than the tolerance changes the hash and is then compared exactly. With columns added, removed,
  // retyped or reordered the hashes cannot agree, and every row is joined.
  if ([...plan.oldTypes].join() !== [...plan.newTypes].join()) return '';
  const g = ident(key[0]!);
  const byGroup = (v: VersionTable) =>
    `SELECT ${g} AS g, sum(hash(t))::HUGEINT AS h, count(*) AS n FROM (${resourceSelect(v.dir, v.resource)}) t GROUP BY ALL`;
  await db.run(`
      CREATE OR REPLACE TEMP TABLE ${groups} AS
      SELECT coalesce(a.g, b.g) AS g FROM (${byGroup(from)}) a FULL OUTER JOIN (${byGroup(to)}) b ON a.g IS NOT DISTINCT FROM b.g
      WHERE a.h IS DISTINCT FROM b.h OR a.n IS DISTINCT FROM b.n`);
  return `WHERE ${g} IN (SELECT g FROM ${groups}) OR (${g} IS NULL AND EXISTS (SELECT 1 FROM ${groups} WHERE g IS NULL))`;
}

/** The rows that differ, wide: the key, then each compared column's old and new value. */
async function createChangedRows(
  db: Db,
  rows: string,
  key: string[],
  from: VersionTable,
  to: VersionTable,
  { columns, side, differs }: ColumnPlan,
  only: string,
): Promise<void> {
  const on = key.map((k) => `${side('a', k)} IS NOT DISTINCT FROM ${side('b', k)}`).join(' AND ');
  const anyDiffers = columns.map((c) => differs(side('a', c), side('b', c), c)).join(' OR ') || 'false';
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ${rows} AS
    SELECT CASE WHEN a.__kz_in IS NULL THEN 'added' WHEN b.__kz_in IS NULL THEN 'removed' ELSE 'changed' END AS change,
           ${key.map((k) => `coalesce(${side('a', k)}, ${side('b', k)}) AS ${ident(k)}`).join(', ')}
           ${columns.map((c) => `, ${side('a', c)} AS ${oldCol(c)}, ${side('b', c)} AS ${newCol(c)}`).join('')}
    FROM (SELECT *, true AS __kz_in FROM (${resourceSelect(from.dir, from.resource)}) ${only}) a
    FULL OUTER JOIN (SELECT *, true AS __kz_in FROM (${resourceSelect(to.dir, to.resource)}) ${only}) b ON ${on}
    WHERE a.__kz_in IS NULL OR b.__kz_in IS NULL OR ${anyDiffers}`);
}

/** The same changes long, one value per row; whole rows added or removed list every column. */
async function createChangedValues(
  db: Db,
  long: string,
  rows: string,
  key: string[],
  { columns, isNumeric, differs }: ColumnPlan,
): Promise<void> {
  const keys = key.map(ident).join(', ');
  const perColumn = columns.map(
    (c, i) => `
    SELECT change, ${keys}, ${i} AS col_ord, '${c.replaceAll("'", "''")}' AS "column",
           ${oldCol(c)}::VARCHAR AS old, ${newCol(c)}::VARCHAR AS new,
           to_json(${oldCol(c)})::VARCHAR AS old_json, to_json(${newCol(c)})::VARCHAR AS new_json,
           ${isNumeric(c) ? `(${newCol(c)} - ${oldCol(c)}) / nullif(abs(${oldCol(c)}), 0) * 100` : 'NULL'}::DOUBLE AS rel_change_pct
    FROM ${rows} WHERE change <> 'changed' OR ${differs(oldCol(c), newCol(c), c)}`,
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${long} AS ${
      perColumn.length
        ? perColumn.join('\nUNION ALL')
        : `SELECT change, ${keys}, 0 AS col_ord, NULL::VARCHAR AS "column", NULL::VARCHAR AS old, NULL::VARCHAR AS new,
                  NULL::VARCHAR AS old_json, NULL::VARCHAR AS new_json, NULL::DOUBLE AS rel_change_pct FROM ${rows}`
    }`,
  );
}

/**
 * Two versions of a table in parts (parts.ts) that hold a part of the same name hold the same rows in it:
 * such parts are left out of the comparison, so only what differs is read. One shared part stays on both
 * sides when a side would have none left, as a scan needs a file.
 */
function withoutSharedParts(
  from: VersionTable,
  to: VersionTable,
): { from: VersionTable; to: VersionTable; sharedRows: number } {
  const a = contentParts(from.resource);
  const b = contentParts(to.resource);
  const shared = [...a.keys()].filter((p) => b.has(p));
  if (!shared.length || shared.some((p) => a.get(p)!.rows === undefined)) return { from, to, sharedRows: 0 };
  const unshared = (parts: Map<string, unknown>) => [...parts.keys()].filter((p) => !b.has(p) || !a.has(p));
  let left = unshared(a);
  let right = unshared(b);
  let skipped = shared;
  if (!left.length || !right.length) {
    left = [...left, shared[0]!];
    right = [...right, shared[0]!];
    skipped = shared.slice(1);
  }
  const narrow = (v: VersionTable, paths: string[]): VersionTable => ({
    ...v,
    resource: { ...v.resource, path: paths },
  });
  return {
    from: narrow(from, left),
    to: narrow(to, right),
    sharedRows: skipped.reduce((n, p) => n + a.get(p)!.rows!, 0),
  };
}

async function countChanges(
  db: Db,
  rows: string,
  from: VersionTable,
  to: VersionTable,
): Promise<TableDiff['counts']> {
  const counts = (await db.one<{ added: number; removed: number; changed: number }>(
    `SELECT count(*) FILTER (change = 'added')::INTEGER AS added, count(*) FILTER (change = 'removed')::INTEGER AS removed,
            count(*) FILTER (change = 'changed')::INTEGER AS changed FROM ${rows}`,
  ))!;
  const sizes = (await db.one<{ f: number; t: number }>(
    `SELECT (SELECT count(*) FROM (${resourceSelect(from.dir, from.resource)}))::INTEGER AS f,
            (SELECT count(*) FROM (${resourceSelect(to.dir, to.resource)}))::INTEGER AS t`,
  ))!;
  return {
    from_rows: sizes.f,
    to_rows: sizes.t,
    ...counts,
    unchanged: sizes.t - counts.added - counts.changed,
  };
}

/** The order rows of a diff are listed in: by key, NULL breakdowns first, as the tables are sorted. */
export function keyOrder(key: string[]): string {
  return key.map((k) => `${ident(k)} NULLS FIRST`).join(', ');
}

export type ChangedValue = Record<string, unknown> & {
  column: string;
  old: unknown;
  new: unknown;
  rel_change_pct: number | null;
  /** old and new as DuckDB prints them, for a terminal */
  text: { old: string | null; new: string | null };
};

/** Changed values, one per row, as JSON-ready objects (old/new keep their types). */
export async function changedValues(db: Db, d: TableDiff, limit?: number): Promise<ChangedValue[]> {
  const rows = await db.all<Record<string, unknown> & { old_json: string | null; new_json: string | null }>(
    `SELECT ${d.key.map(ident).join(', ')}, "column", old_json, new_json, rel_change_pct, old, new
     FROM ${d.relations.long} WHERE change = 'changed'
     ORDER BY ${keyOrder(d.key)}, col_ord${limit !== undefined ? ` LIMIT ${limit}` : ''}`,
  );
  return rows.map(({ old_json, new_json, old, new: nw, rel_change_pct, column, ...rest }) => ({
    ...rest,
    column: column as string,
    old: old_json === null ? null : (JSON.parse(old_json) as unknown),
    new: new_json === null ? null : (JSON.parse(new_json) as unknown),
    rel_change_pct: rel_change_pct as number | null,
    text: { old: old as string | null, new: nw as string | null },
  }));
}

/** Whole rows added or removed, with the values of the version they are in. */
export async function wholeRows(db: Db, d: TableDiff, change: 'added' | 'removed', limit?: number) {
  const side = change === 'added' ? 'new' : 'old';
  const rows = await db.all<{ j: string }>(
    `SELECT to_json(struct_pack(${[
      ...d.key.map((k) => `${ident(k)} := ${ident(k)}`),
      ...d.columns.map((c) => `${ident(c)} := ${ident(`${side}.${c}`)}`),
    ].join(', ')}))::VARCHAR AS j
     FROM ${d.relations.rows} WHERE change = '${change}'
     ORDER BY ${keyOrder(d.key)}${limit !== undefined ? ` LIMIT ${limit}` : ''}`,
  );
  return rows.map((r) => JSON.parse(r.j) as Record<string, unknown>);
}

/** What went into each version: inputs by path (sha256), parameters, engine. */
export function provenanceChanges(from: Datapackage, to: Datapackage) {
  const ins = (p: Datapackage) => new Map((p.kzstat?.inputs ?? []).map((i) => [i.path, i]));
  const a = ins(from);
  const b = ins(to);
  const inputs: {
    path: string;
    change: 'added' | 'removed' | 'changed';
    from?: string;
    to?: string;
    vintage?: string;
  }[] = [];
  for (const [p, i] of b) {
    const o = a.get(p);
    if (!o)
      inputs.push({ path: p, change: 'added', to: i.sha256, ...(i.vintage ? { vintage: i.vintage } : {}) });
    else if (o.sha256 !== i.sha256)
      inputs.push({
        path: p,
        change: 'changed',
        from: o.sha256,
        to: i.sha256,
        ...(i.vintage ? { vintage: i.vintage } : {}),
      });
  }
  for (const [p, o] of a) if (!b.has(p)) inputs.push({ path: p, change: 'removed', from: o.sha256 });
  const pa = from.kzstat?.parameters ?? {};
  const pb = to.kzstat?.parameters ?? {};
  const parameters = [...new Set([...Object.keys(pa), ...Object.keys(pb)])]
    .filter((k) => JSON.stringify(pa[k]) !== JSON.stringify(pb[k]))
    .map((k) => ({ name: k, from: pa[k] ?? null, to: pb[k] ?? null }));
  const ea = from.kzstat?.engine ?? {};
  const eb = to.kzstat?.engine ?? {};
  const engine = [...new Set([...Object.keys(ea), ...Object.keys(eb)])]
    .filter((k) => ea[k] !== eb[k])
    .map((k) => ({ name: k, from: ea[k] ?? null, to: eb[k] ?? null }));
  const said = (p: Datapackage) => p.kzstat?.warnings ?? [];
  const text = (w: { check: string; message: string }) => `${w.check}\u0000${w.message}`;
  const before = new Set(said(from).map(text));
  const after = new Set(said(to).map(text));
  const warnings = {
    new: said(to).filter((w) => !before.has(text(w))),
    gone: said(from).filter((w) => !after.has(text(w))),
  };
  return { inputs, parameters, engine, warnings };
}
