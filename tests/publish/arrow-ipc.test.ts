import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../../src/core/duckdb.ts';
import type { ColumnSpec } from '../../src/core/table.ts';
import { writeArrowIpc } from '../../src/publish/arrow-ipc.ts';
import { tempDir } from '../helpers/cli.ts';

/**
 * The Arrow IPC twin of a query, batch by batch: every value of every type in
 * the query's order, NULLs and multi-byte text included, however the rows are
 * cut into batches, and DuckDB's thread count as it was. Rows are SYNTHETIC.
 */
const columns: ColumnSpec[] = [
  { name: 'id', type: 'int64', required: true, description: 'row' },
  { name: 'label', type: 'string', description: 'text, some NULL, some Cyrillic' },
  { name: 'value', type: 'double', description: 'a number, some NULL' },
  { name: 'year', type: 'int32', description: 'a year' },
  { name: 'flag', type: 'bool', description: 'a flag' },
  { name: 'day', type: 'date', description: 'a day' },
];

const select = `SELECT i AS id,
    CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN 'Түркістан ' || i ELSE 'row ' || i END AS label,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i / 4 END AS value,
    (2000 + i % 25)::INTEGER AS year, i % 2 = 0 AS flag, DATE '2020-01-01' + (i % 400)::INTEGER AS day
  FROM range(2500) t(i) ORDER BY i DESC`;

describe('writeArrowIpc', async () => {
  const db = await Db.open({ threads: 2 });
  afterAll(() => db.close());

  it('writes the rows of a query in its order, in batches, and leaves the thread count as it was', async () => {
    const file = path.join(await tempDir('kzstat-arrow-'), 't.arrow');
    const written = await writeArrowIpc(db, select, file, columns, { 'kzstat.table': 't' }, 300);
    expect(written).toEqual({ rows: 2500, batches: 9 });
    expect(await db.value<number>("SELECT current_setting('threads')::INTEGER")).toBe(2);

    const table = tableFromIPC(await readFile(file));
    expect(table.batches.map((b) => b.numRows)).toEqual([300, 300, 300, 300, 300, 300, 300, 300, 100]);
    expect(table.schema.metadata.get('kzstat.table')).toBe('t');
    const got = table.toArray().map((r) => {
      const o = r.toJSON();
      return { ...o, id: Number(o.id), day: new Date(o.day as number).toISOString().slice(0, 10) };
    });
    const want = await db.all<Record<string, unknown>>(
      `SELECT id::DOUBLE AS id, label, value, year, flag, strftime(day, '%Y-%m-%d') AS day FROM (${select})`,
    );
    expect(got).toEqual(want.map((w) => ({ ...w, id: Number(w.id) })));
  });

  it('writes the schema and one empty batch for a query without rows', async () => {
    const file = path.join(await tempDir('kzstat-arrow-'), 'empty.arrow');
    expect(await writeArrowIpc(db, `${select} LIMIT 0`, file, columns, {})).toEqual({ rows: 0, batches: 1 });
    const table = tableFromIPC(await readFile(file));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(columns.map((c) => c.name));
  });
});
