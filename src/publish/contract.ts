import type { ColumnType } from '../core/table.ts';

/**
 * The column contract of a published table, as an Arrow schema: names, types,
 * nullability and a description per field. Parquet is written from it (each
 * column cast to its type), checked against it after writing, and the
 * datapackage.json schema is derived from it.
 */

/** Arrow type names (DataType.toString()) of the column types; src/publish/arrow-schema.ts builds the real types. */
export const arrowTypeNames: Record<ColumnType, string> = {
  string: 'Utf8',
  double: 'Float64',
  int32: 'Int32',
  int64: 'Int64',
  bool: 'Bool',
  date: 'Date32<DAY>',
};

export const duckdbType: Record<ColumnType, string> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  int32: 'INTEGER',
  int64: 'BIGINT',
  bool: 'BOOLEAN',
  date: 'DATE',
};

/** Frictionless Table Schema field types. */
export const frictionlessType: Record<ColumnType, string> = {
  string: 'string',
  double: 'number',
  int32: 'integer',
  int64: 'integer',
  bool: 'boolean',
  date: 'date',
};

/** The Arrow type a DuckDB column type reads back as (for checking a written Parquet file). */
export function arrowTypeOfDuckdb(t: string): string | undefined {
  const map: Record<string, ColumnType> = {
    VARCHAR: 'string',
    DOUBLE: 'double',
    INTEGER: 'int32',
    BIGINT: 'int64',
    BOOLEAN: 'bool',
    DATE: 'date',
  };
  const c = map[t];
  return c ? arrowTypeNames[c] : undefined;
}

export function arrowTypeName(c: ColumnType): string {
  return arrowTypeNames[c];
}
