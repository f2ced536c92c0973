import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { DuckDBBlobVector, type DuckDBDataChunk, type DuckDBValue } from '@duckdb/node-api';
import {
  type Builder,
  type Data,
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Utf8,
  type Vector,
} from 'apache-arrow';
import { type Db, ident } from '../core/duckdb.ts';
import type { ColumnSpec, ColumnType } from '../core/table.ts';
import { arrowSchema } from './arrow-schema.ts';

/**
 * An Arrow IPC file (the `.arrow` file format) of a query's result, for
 * JavaScript consumers. DuckDB streams the rows chunk by chunk and each batch
 * of about `batchRows` rows becomes one record batch written at once, so a
 * table larger than JavaScript's memory can still be written.
 *
 * Text columns travel as DuckDB's UTF-8 bytes (`encode`, to BLOB) straight into the
 * Arrow buffers: decoding them to JavaScript strings only for the Arrow
 * builder to encode them again was most of the time a publish took.
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

/**
 * One batch of a text column, its bytes copied out of each DuckDB chunk as it
 * comes (a chunk's memory is not ours to keep) and handed to Arrow as they are.
 */
class Utf8Column {
  private data = new Uint8Array(1 << 16);
  private offsets: number[] = [0];
  private valid: boolean[] = [];
  private at = 0;

  append(v: Uint8Array | null) {
    if (v) {
      if (this.at + v.byteLength > this.data.byteLength) {
        const grown = new Uint8Array(Math.max(this.data.byteLength * 2, this.at + v.byteLength));
        grown.set(this.data.subarray(0, this.at));
        this.data = grown;
      }
      this.data.set(v, this.at);
      this.at += v.byteLength;
    }
    this.valid.push(v !== null);
    this.offsets.push(this.at);
  }

  finish(): Data<Utf8> {
    const n = this.valid.length;
    const nullBitmap = new Uint8Array((n + 7) >> 3);
    let nullCount = 0;
    for (let i = 0; i < n; i++)
      if (this.valid[i]) nullBitmap[i >> 3]! |= 1 << (i & 7);
      else nullCount++;
    return makeData({
      type: new Utf8(),
      length: n,
      nullCount,
      nullBitmap,
      valueOffsets: Int32Array.from(this.offsets),
      data: this.data.slice(0, this.at),
    });
  }
}

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
  const bytes = writer.toNodeStream();
  const written = pipeline(bytes, createWriteStream(file));
  const isText = columns.map((c) => c.type === 'string');
  const newBuilders = (): ColumnBuilder[] =>
    schema.fields.map((f, c) =>
      isText[c] ? new Utf8Column() : makeBuilder({ type: f.type, nullValues: [null] }),
    );
  let builders = newBuilders();
  let pending = 0;
  let rows = 0;
  let batches = 0;
  const flush = () => {
    const children = builders.map((b) =>
      b instanceof Utf8Column ? b.finish() : (b.finish().toVector() as Vector).data[0]!,
    );
    const data = makeData({ type: new Struct(schema.fields), length: pending, nullCount: 0, children });
    writer.write(new RecordBatch(schema, data));
    batches++;
    builders = newBuilders();
    pending = 0;
  };
  try {
    const result = await db.connection.stream(
      `SELECT ${columns.map((c, i) => (isText[i] ? `encode(${ident(c.name)}) AS ${ident(c.name)}` : ident(c.name))).join(', ')}
       FROM (${select})`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      appendChunk(builders, chunk, columns);
      pending += chunk.rowCount;
      rows += chunk.rowCount;
      if (pending >= batchRows) flush();
    }
    // an empty table still gets its schema and one empty batch, so readers see the columns
    if (pending > 0 || batches === 0) flush();
    writer.finish();
  } catch (e) {
    await abandon(writer, written, file);
    throw e;
  }
  await written;
  return { rows, batches };
}

type ColumnBuilder = Utf8Column | Builder;

/** One DuckDB chunk's rows added to the batch being built, column by column. */
function appendChunk(builders: ColumnBuilder[], chunk: DuckDBDataChunk, columns: ColumnSpec[]): void {
  for (let c = 0; c < columns.length; c++) {
    const builder = builders[c]!;
    if (builder instanceof Utf8Column) {
      const vector = chunk.getColumnVector(c);
      if (!(vector instanceof DuckDBBlobVector))
        throw new Error(`column ${columns[c]!.name}: expected DuckDB BLOB bytes`);
      for (let r = 0; r < chunk.rowCount; r++) builder.append(vector.getItemBytes(r));
      continue;
    }
    const convert = toArrow[columns[c]!.type];
    for (const v of chunk.getColumnValues(c)) builder.append(v === null ? null : convert(v));
  }
}

/**
 * Ends a write that failed and removes the file. Ended normally, not aborted: abort() or destroying the
 * stream leaves a rejection inside apache-arrow that nobody can catch, and the process dies of it.
 */
async function abandon(writer: RecordBatchFileWriter, written: Promise<void>, file: string): Promise<void> {
  try {
    writer.finish();
  } catch {
    // the writer itself failed: the error worth reporting is the caller's
  }
  await written.catch(() => {});
  await rm(file, { force: true });
}
