import { Bool, type DataType, DateDay, Field, Float64, Int32, Int64, Schema, Utf8 } from 'apache-arrow';

/**
 * The column contract of a published table, as an Arrow schema: names, types,
 * nullability and a description per field. Parquet is written from it (each
 * column cast to its type), checked against it after writing, and the
 * datapackage.json schema is derived from it.
 */
export type ColumnType = 'string' | 'double' | 'int32' | 'int64' | 'bool' | 'date';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** nullable unless said otherwise */
  required?: boolean;
  description: string;
  unit?: string;
}

const arrowType: Record<ColumnType, () => DataType> = {
  string: () => new Utf8(),
  double: () => new Float64(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  bool: () => new Bool(),
  date: () => new DateDay(),
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

export function arrowSchema(columns: ColumnSpec[]): Schema {
  return new Schema(
    columns.map((c) => {
      const meta = new Map([['description', c.description]]);
      if (c.unit) meta.set('unit', c.unit);
      return new Field(c.name, arrowType[c.type](), !c.required, meta);
    }),
  );
}

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
  return c ? arrowType[c]().toString() : undefined;
}

export function arrowTypeName(c: ColumnType): string {
  return arrowType[c]().toString();
}
