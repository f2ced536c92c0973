import { Bool, type DataType, DateDay, Field, Float64, Int32, Int64, Schema, Utf8 } from 'apache-arrow';
import type { ColumnSpec, ColumnType } from '../core/table.ts';

/** A table's column contract as a real Arrow schema (field metadata: description, unit). */
const arrowType: Record<ColumnType, () => DataType> = {
  string: () => new Utf8(),
  double: () => new Float64(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  bool: () => new Bool(),
  date: () => new DateDay(),
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
