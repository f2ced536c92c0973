import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { DuckDBValue } from '@duckdb/node-api';
import {
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  type Vector,
} from 'apache-arrow';
import type { Db } from '../db/duckdb.ts';
import { arrowSchema } from './arrow-schema.ts';
import type { ColumnSpec, ColumnType } from './contract.ts';

/**
 * An Arrow IPC file (the `.arrow` file format) of a query's result, for
 * JavaScript consumers. DuckDB streams the rows chunk by chunk and each batch
 * of about `batchRows` rows becomes one record batch written at once, so a
 * table larger than JavaScript's memory can still be written.
 */
export const ARROW_BATCH_ROWS = 65_536;

/** DuckDB's values to what the Arrow builders take. */
const toArrow: Record<ColumnType, (v: DuckDBValue) => unknown> = {
  string: (v) => v,
  double: (v) => v,
  int32: (v) => v,
  int64: (v) => v,
  bool: (v) => v,
  // the builder of DateDay takes epoch milliseconds
  date: (v) => (v as { days: number }).days * 86_400_000,
};

export async function writeArrowIpc(
  db: Db,
  select: string,
  file: string,
  columns: ColumnSpec[],
  metadata: Record<string, string>,
  batchRows = ARROW_BATCH_ROWS,
): Promise<{ rows: number; batches: number }> {
  const schema = new Schema(arrowSchema(columns).fields, new Map(Object.entries(metadata)));
  const writer = new RecordBatchFileWriter();
  const written = pipeline(writer.toNodeStream(), createWriteStream(file));
  const newBuilders = () => schema.fields.map((f) => makeBuilder({ type: f.type, nullValues: [null] }));
  let builders = newBuilders();
  let pending = 0;
  let rows = 0;
  let batches = 0;
  const flush = () => {
    const vectors = builders.map((b) => b.finish().toVector() as Vector);
    const data = makeData({
      type: new Struct(schema.fields),
      length: pending,
      nullCount: 0,
      children: vectors.map((v) => v.data[0]!),
    });
    writer.write(new RecordBatch(schema, data));
    batches++;
    builders = newBuilders();
    pending = 0;
  };
  try {
    const result = await db.connection.stream(select);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let c = 0; c < columns.length; c++) {
        const convert = toArrow[columns[c]!.type];
        const builder = builders[c]!;
        for (const v of chunk.getColumnValues(c)) builder.append(v === null ? null : convert(v));
      }
      pending += chunk.rowCount;
      rows += chunk.rowCount;
      if (pending >= batchRows) flush();
    }
    // an empty table still gets its schema and one empty batch, so readers see the columns
    if (pending > 0 || batches === 0) flush();
    writer.finish();
  } catch (e) {
    writer.abort(e);
    await written.catch(() => {});
    throw e;
  }
  await written;
  return { rows, batches };
}
