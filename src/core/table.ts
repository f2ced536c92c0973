/**
 * The column contract of a published table: names, types, nullability and a
 * description per field. src/publish/contract.ts maps the types to DuckDB,
 * Arrow and Table Schema.
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
