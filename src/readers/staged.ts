import type { Db } from '../core/duckdb.ts';

/**
 * Every reader appends to one table of raw observations, as found in the
 * file: labels unresolved, values as text or number, a pointer to the cell
 * or row. Normalisation (src/normalise/sql/) turns it into `observations`.
 * This list is the one definition of its columns: the table is created from
 * it and readers name the columns they fill (stagedSelect), never positions.
 */
export const stagedColumns = [
  { name: 'source', type: 'VARCHAR NOT NULL', about: 'the raw file, relative to the raw folder' },
  { name: 'locator', type: 'VARCHAR NOT NULL', about: "row or cell inside it: 'row 14', '''Sheet''!S17'" },
  { name: 'vintage', type: 'VARCHAR', about: 'publication date of the source, for revisions' },
  { name: 'indicator_raw', type: 'VARCHAR', about: "catalogue id, or 'sdg:9-5-1:PT' for SDG series" },
  { name: 'region_raw', type: 'VARCHAR', about: 'the region as printed' },
  { name: 'period_raw', type: 'VARCHAR', about: 'the period as printed' },
  { name: 'value_raw', type: 'VARCHAR', about: 'text as found (CSV, text cells)' },
  { name: 'value_num', type: 'DOUBLE', about: 'numbers read as numbers (xlsx)' },
  { name: 'unit_raw', type: 'VARCHAR', about: 'the unit as printed or declared' },
  { name: 'status_raw', type: 'VARCHAR', about: 'a status marker (x, -, na)' },
  { name: 'industry_raw', type: 'VARCHAR', about: 'OKED section or division' },
  { name: 'partner_raw', type: 'VARCHAR', about: 'partner country' },
  { name: 'product_raw', type: 'VARCHAR', about: 'HS product code' },
  { name: 'flow_raw', type: 'VARCHAR', about: 'export or import' },
  { name: 'note', type: 'VARCHAR', about: 'what the reader wants the row to say' },
] as const;

export type StagedColumn = (typeof stagedColumns)[number]['name'];

export async function createStagedTable(db: Db): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE staged (${stagedColumns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
  );
}

/**
 * The select list of a staged row from SQL expressions by column name, in
 * the table's order (so a view of it unions with `staged`); a column not
 * given is NULL of its type.
 */
export function stagedSelect(values: Partial<Record<StagedColumn, string>>): string {
  return stagedColumns
    .map((c) => `${values[c.name] ?? `NULL::${c.type.replace(' NOT NULL', '')}`} AS ${c.name}`)
    .join(', ');
}
