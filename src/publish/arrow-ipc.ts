import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import {
  DuckDBBlobVector,
  type DuckDBDataChunk,
  type DuckDBListVector,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';
import {
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
 * JavaScript consumers, written in record batches of `batchRows` rows so a
 * batch, not the table, is what JavaScript holds at a time.
 *
 * The query's rows are kept in a DuckDB temp table (in its order: the rowid
 * is the position) and each batch is one aggregate query over a range of
 * rowids, on one thread, checked to have taken them in order: a text column
 * arrives as its values' UTF-8 bytes concatenated by
 * DuckDB (string_agg) with the byte length of each, which is exactly an
 * Arrow Utf8 column (data and offsets): no text value is decoded, encoded
 * or copied one by one in JavaScript. Taking each value out of DuckDB's
 * chunks one at a time was most of the time of writing the file.
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

/** A text column of one batch from DuckDB's concatenated bytes and the byte length of each value (NULL: none). */
function utf8Data(bytes: Uint8Array | null, lengths: DuckDBVector | null, n: number): Data<Utf8> {
  const offsets = new Int32Array(n + 1);
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const len = lengths?.getItem(i) as number | null | undefined;
    if (len === null || len === undefined) nullCount++;
    else {
      nullBitmap[i >> 3]! |= 1 << (i & 7);
      at += len;
    }
    offsets[i + 1] = at;
  }
  const data = bytes ?? new Uint8Array(0);
  if (data.byteLength !== at)
    throw new Error(`text column: ${data.byteLength} bytes where the lengths add up to ${at}`);
  return makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, valueOffsets: offsets, data });
}

let numberedTables = 0;

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
  const numbered = `kzstat_arrow_rows_${numberedTables++}`;
  let rows = 0;
  let batches = 0;
  const threads = await db.value<number>("SELECT current_setting('threads')::INTEGER");
  try {
    // a temp table keeps the query's order (preserve_insertion_order), so rowid is each row's position
    await db.run(
      `CREATE TEMP TABLE ${numbered} AS SELECT ${columns.map((c) => ident(c.name)).join(', ')} FROM (${select})`,
    );
    const total = await db.value<number>(`SELECT count(*)::INTEGER FROM ${numbered}`);
    // On one thread an aggregate takes a range of a table's rows in their order; an ORDER BY per aggregate
    // (a sort each, three to four times as long) is the fallback should the rowids say otherwise.
    await db.run('SET threads = 1');
    // an empty table still gets its schema and one empty batch, so readers see the columns
    for (let from = 0; from < total || batches === 0; from += batchRows) {
      const n = Math.min(batchRows, total - from);
      const chunk =
        (await batchAggregate(db, numbered, columns, from, n, false)) ??
        (await batchAggregate(db, numbered, columns, from, n, true))!;
      const children = batchChildren(chunk, columns, schema, n);
      const data = makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      batches++;
      rows += n;
    }
    writer.finish();
  } catch (e) {
    // Ended normally and the file removed: abort() or destroying the stream leaves a
    // rejection inside apache-arrow that nobody can catch, and the process dies of it.
    try {
      writer.finish();
    } catch {
      // the writer itself failed: the error worth reporting is the one below
    }
    await written.catch(() => {});
    await rm(file, { force: true });
    throw e;
  } finally {
    await db.run(`SET threads = ${threads}; DROP TABLE IF EXISTS ${numbered}`);
  }
  await written;
  return { rows, batches };
}

/**
 * Rows `from` to `from + n` as one row of per-column aggregates (text as its UTF-8 bytes and their
 * lengths), each list in the rows' order, or undefined if `ordered` is false and the rowids, aggregated
 * alongside, show that the rows did not arrive in their order.
 */
async function batchAggregate(
  db: Db,
  table: string,
  columns: ColumnSpec[],
  from: number,
  n: number,
  ordered: boolean,
): Promise<DuckDBDataChunk | undefined> {
  const order = ordered ? ' ORDER BY rowid' : '';
  const aggregates = columns.map((c, i) =>
    c.type === 'string'
      ? `encode(string_agg(${ident(c.name)}, ''${order})) AS t${i}, list(strlen(${ident(c.name)})::INTEGER${order}) AS l${i}`
      : `list(${ident(c.name)}${order}) AS v${i}`,
  );
  const result = await db.connection.run(
    `SELECT ${aggregates.join(', ')}, list(rowid${order}) AS ids FROM ${table} WHERE rowid >= ${from} AND rowid < ${from + n}`,
  );
  const chunk = await result.fetchChunk();
  if (!chunk) throw new Error('an aggregate query returned no row');
  if (ordered) return chunk;
  const ids = (chunk.getColumnVector(chunk.columnCount - 1) as DuckDBListVector).getItemVector(0);
  for (let i = 0; i < n; i++) if (Number(ids?.getItem(i)) !== from + i) return undefined;
  return chunk;
}

/** One batch's Arrow columns from the row of per-column aggregates DuckDB returned for it. */
function batchChildren(chunk: DuckDBDataChunk, columns: ColumnSpec[], schema: Schema, n: number): Data[] {
  let k = 0;
  return columns.map((c, i) => {
    if (c.type === 'string') {
      const text = chunk.getColumnVector(k++);
      const lengths = chunk.getColumnVector(k++) as DuckDBListVector;
      if (!(text instanceof DuckDBBlobVector))
        throw new Error(`column ${c.name}: expected DuckDB BLOB bytes`);
      return utf8Data(text.getItemBytes(0), lengths.getItemVector(0), n);
    }
    const values = (chunk.getColumnVector(k++) as DuckDBListVector).getItemVector(0);
    const builder = makeBuilder({ type: schema.fields[i]!.type, nullValues: [null] });
    const convert = toArrow[c.type];
    for (let r = 0; r < n; r++) {
      const v = values!.getItem(r);
      builder.append(v === null ? null : convert(v));
    }
    return (builder.finish().toVector() as Vector).data[0]!;
  });
}
