import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { sha256File } from '../../src/core/hash.ts';
import type { TableSpec } from '../../src/core/pipeline.ts';
import type { ColumnType } from '../../src/core/table.ts';
import { writeArrowIpc } from '../../src/publish/arrow-ipc.ts';
import { arrowTypeNames, duckdbType } from '../../src/publish/contract.ts';
import { datapackageSchema, tableResources } from '../../src/publish/datapackage.ts';
import { publishDataset } from '../../src/publish/publish.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * Downstream readers of the published files: an independent Parquet reader
 * (hyparquet, pure JavaScript, not DuckDB), apache-arrow on the Arrow IPC
 * twins, and a downstream DuckDB query over `latest/*.parquet`. Each must see
 * exactly the column types of the Arrow schema contract.
 */

/** How each contract type is stored in Parquet: physical type and logical (converted) type. */
const parquetType: Record<ColumnType, [string, string | undefined]> = {
  string: ['BYTE_ARRAY', 'UTF8'],
  double: ['DOUBLE', undefined],
  int32: ['INT32', 'INT_32'],
  int64: ['INT64', 'INT_64'],
  bool: ['BOOLEAN', undefined],
  date: ['INT32', 'DATE'],
};
const contractTypeOfArrow = Object.fromEntries(
  Object.entries(arrowTypeNames).map(([k, v]) => [v, k as ColumnType]),
) as Record<string, ColumnType>;

/** DuckDB's reading of a file, as JSON values (dates as YYYY-MM-DD, 64-bit integers as text). */
async function duckdbRows(file: string, columns: { name: string; type: ColumnType }[], order: string[]) {
  const rows = await query<{ j: string }>(
    `SELECT to_json(struct_pack(${columns
      .map((c) => `"${c.name}" := ${c.type === 'int64' ? `"${c.name}"::VARCHAR` : `"${c.name}"`}`)
      .join(', ')}))::VARCHAR AS j
     FROM read_parquet(${lit(file)}) ORDER BY ${order.map((k) => `"${k}" NULLS FIRST`).join(', ')}`,
  );
  return rows.map((r) => JSON.parse(r.j) as Record<string, unknown>);
}

/** A value as another reader gives it, normalised to DuckDB's JSON form above. */
function normalise(v: unknown, type: ColumnType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'date') {
    const d = v instanceof Date ? v : new Date(Number(v));
    return d.toISOString().slice(0, 10);
  }
  if (type === 'int64') return String(v);
  return v;
}

async function readPublished(dir: string) {
  const pkg = datapackageSchema.parse(JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8')));
  return { pkg, tables: tableResources(pkg) };
}

describe('the published observations, read by other tools', async () => {
  const out = await tempDir();
  const run = await runCli(['run', 'observations', '--offline', '--out', out, '--json']);
  const latest = path.join(out, 'observations', 'latest');
  const { pkg, tables } = await readPublished(latest);
  const version = JSON.parse(run.stdout).published[0].version as string;

  it('publishes', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(tables.map((t) => t.name)).toEqual(['harmonised', 'observations', 'revisions']);
  });

  const filesOf = (r: (typeof tables)[number]) => (Array.isArray(r.path) ? r.path : [r.path]);

  it('observations and harmonised are folders of parts, each listed with its bytes, sha256 and rows', async () => {
    for (const name of ['observations', 'harmonised']) {
      const r = tables.find((t) => t.name === name)!;
      expect(Array.isArray(r.path)).toBe(true);
      expect(r.path.length).toBeGreaterThan(1);
      expect(r.files!.map((f) => f.path)).toEqual(r.path);
      for (const f of r.files!) {
        expect(f.path).toMatch(new RegExp(`^${name}/[0-9a-f]{32}\\.parquet$`));
        expect(f.bytes).toBe((await stat(path.join(latest, f.path))).size);
        expect(f.hash).toBe(`sha256:${await sha256File(path.join(latest, f.path))}`);
      }
      expect(r.files!.reduce((n, f) => n + f.rows!, 0)).toBe(r.rows);
      expect(r.bytes).toBe(r.files!.reduce((n, f) => n + f.bytes, 0));
      // no Arrow twin: a table in parts is read from its Parquet parts
      expect(pkg.resources.some((x) => x.name === `${name}.arrow`)).toBe(false);
    }
  });

  it('hyparquet (not DuckDB) reads every part of every table with exactly the contract types and the same values', async () => {
    for (const r of tables) {
      let rowsRead = 0;
      for (const rel of filesOf(r)) {
        const file = path.join(latest, rel);
        const buf = (await readFile(file)).buffer as ArrayBuffer;
        const meta = await parquetMetadataAsync(buf);
        const columns = r.schema.fields.map((f) => ({
          name: f.name,
          type: contractTypeOfArrow[f.arrow_type!]!,
        }));
        // the schema's first element is the root; then one leaf per column, in contract order
        expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.converted_type])).toEqual(
          columns.map((c) => [c.name, ...parquetType[c.type]]),
        );
        const rows = await parquetReadObjects({ file: buf, compressors });
        rowsRead += rows.length;
        const theirs = rows.map((row) =>
          Object.fromEntries(columns.map((c) => [c.name, normalise(row[c.name], c.type)])),
        );
        // each file is ordered by key, so the two readings line up row by row
        expect(theirs).toEqual(await duckdbRows(file, columns, r.schema.primaryKey!));
        for (const f of r.schema.fields.filter((x) => (x.constraints as { required?: boolean })?.required))
          expect(rows.filter((row) => row[f.name] === null).length, `${r.name}.${f.name} required`).toBe(0);
      }
      expect(rowsRead).toBe(r.rows);
    }
  });

  it('each Parquet footer carries the version that wrote it, the schema version and the Arrow schema', async () => {
    for (const r of tables)
      for (const rel of filesOf(r)) {
        const meta = await parquetMetadataAsync(
          (await readFile(path.join(latest, rel))).buffer as ArrayBuffer,
        );
        const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((k) => [k.key, k.value]));
        // a cold run: every file was first written for this version, parts in the stage before publish
        expect(kv['kzstat.version']).toBe(version);
        expect(kv['kzstat.dataset']).toBe('observations');
        expect(kv['kzstat.table']).toBe(r.name);
        expect(kv['kzstat.schema_version']).toBe(r.schema_version);
        expect(JSON.parse(kv['kzstat.primary_key']!)).toEqual(r.schema.primaryKey);
        expect(JSON.parse(kv['kzstat.schema']!)).toEqual(
          r.schema.fields.map((f) => ({
            name: f.name,
            type: f.arrow_type,
            nullable: !(f.constraints as { required?: boolean } | undefined)?.required,
          })),
        );
      }
  });

  it('Arrow IPC twins: listed with bytes and sha256, read back by apache-arrow with the contract schema and the same rows', async () => {
    for (const r of tables.filter((t) => !Array.isArray(t.path))) {
      const res = pkg.resources.find((x) => x.name === `${r.name}.arrow`)!;
      expect(res).toMatchObject({ path: `${r.name}.arrow`, format: 'arrow', table: r.name, rows: r.rows });
      const file = path.join(latest, res.path as string);
      expect(res.bytes).toBe((await stat(file)).size);
      expect(res.hash).toBe(`sha256:${await sha256File(file)}`);
      const t = tableFromIPC(await readFile(file));
      expect(t.numRows).toBe(r.rows);
      expect(t.schema.fields.map((f) => [f.name, f.type.toString(), f.nullable])).toEqual(
        r.schema.fields.map((f) => [
          f.name,
          f.arrow_type,
          !(f.constraints as { required?: boolean } | undefined)?.required,
        ]),
      );
      expect(t.schema.metadata.get('kzstat.version')).toBe(version);
      expect(t.schema.fields.find((f) => f.name === 'region_kato')?.metadata.get('description')).toMatch(
        /KATO/,
      );
      const columns = r.schema.fields.map((f) => ({
        name: f.name,
        type: contractTypeOfArrow[f.arrow_type!]!,
      }));
      const theirs = t
        .toArray()
        .map((row) => Object.fromEntries(columns.map((c) => [c.name, normalise(row[c.name], c.type)])));
      expect(theirs).toEqual(
        await duckdbRows(path.join(latest, r.path as string), columns, r.schema.primaryKey!),
      );
    }
  });

  it('a downstream DuckDB query over <out>/observations/latest/**/*.parquet works', async () => {
    const glob = path.join(out, 'observations', 'latest', '**', '*.parquet');
    const perFile = await query<{ table: string; n: number }>(
      `SELECT regexp_extract(filename, '([a-z_]+)(/[0-9a-f]{32})?\\.parquet$', 1) AS "table", count(*)::INTEGER AS n
       FROM read_parquet(${lit(glob)}, union_by_name = true, filename = true) GROUP BY ALL ORDER BY 1`,
    );
    expect(perFile).toEqual(
      tables
        .filter((t) => (t.rows ?? 0) > 0)
        .map((t) => ({ table: t.name, n: t.rows }))
        .sort((a, b) => a.table.localeCompare(b.table)),
    );
    const grp = await query<{ value: number; year: number; period_start: string }>(
      `SELECT value, year, period_start::VARCHAR AS period_start
       FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})
       WHERE indicator = 'grp' AND region_kato = '000000000' AND period = '2023'`,
    );
    // the revised 2023 GDP of the processed series, which supersedes the workbook's preliminary figure
    expect(grp).toEqual([{ value: expect.closeTo(119442289.7, 1), year: 2023, period_start: '2023-01-01' }]);
  });

  it('Arrow IPC is written in record batches, never the whole table at once', async () => {
    const db = await Db.open();
    try {
      const r = tables.find((t) => t.name === 'observations')!;
      const file = path.join(await tempDir(), 'observations.arrow');
      const columns = r.schema.fields.map((f) => ({
        name: f.name,
        type: contractTypeOfArrow[f.arrow_type!]!,
        description: f.description ?? '',
      }));
      const written = await writeArrowIpc(
        db,
        `SELECT * FROM read_parquet(${lit(path.join(latest, 'observations', '*.parquet'))})`,
        file,
        columns,
        { note: 'batches' },
        1000,
      );
      const t = tableFromIPC(await readFile(file));
      // batches of 1000 rows each, the last one what is left
      expect(written).toEqual({ rows: r.rows, batches: Math.ceil(r.rows! / 1000) });
      expect(t.batches.slice(0, -1).every((b) => b.numRows === 1000)).toBe(true);
      expect(t.batches.length).toBe(written.batches);
      expect(t.numRows).toBe(r.rows);
    } finally {
      db.close();
    }
  });
});

describe('Arrow IPC when the query fails', () => {
  it('a query that fails half-way: the error reaches the caller and no file is left', async () => {
    const db = await Db.open();
    try {
      const file = path.join(await tempDir(), 'broken.arrow');
      const columns = [
        { name: 's', type: 'string' as const, description: 'SYNTHETIC text' },
        { name: 'd', type: 'double' as const, description: 'SYNTHETIC number' },
      ];
      // SYNTHETIC rows; the error comes after the first batches were written
      const failing = `SELECT '' AS s, CASE WHEN i < 5000 THEN i::DOUBLE ELSE error('row ' || i || ' is broken') END AS d
                       FROM range(6000) t(i)`;
      await expect(writeArrowIpc(db, failing, file, columns, {}, 1000)).rejects.toThrow(/row 5000 is broken/);
      await expect(stat(file)).rejects.toThrow(/ENOENT/);
    } finally {
      db.close();
    }
  });
});

describe('every contract type, on a SYNTHETIC table', async () => {
  // SYNTHETIC: made-up values covering each column type with NULLs, to check the readers type by type
  const spec: TableSpec = {
    name: 'all_types',
    title: 'SYNTHETIC: one column per contract type',
    description: 'SYNTHETIC test table, not statistics',
    primaryKey: ['id'],
    columns: (['int32', 'string', 'double', 'int64', 'bool', 'date'] as ColumnType[]).map((type, i) => ({
      name: i === 0 ? 'id' : `c_${type}`,
      type,
      required: i === 0,
      description: `a ${type} column (synthetic)`,
    })),
  };
  const out = await tempDir();
  const db = await Db.open();
  const file = path.join(await tempDir(), 'all_types.parquet');
  await db.run(
    `COPY (SELECT ${spec.columns.map((c) => `CAST(${c.name} AS ${duckdbType[c.type]}) AS ${c.name}`).join(', ')}
      FROM (VALUES (1, 'a', 1.5, 9007199254740993, true, DATE '2022-01-01'),
                   (2, NULL, NULL, NULL, NULL, NULL),
                   (3, 'Қарағанды', -0.25, -42, false, DATE '1997-12-10')) t(id, c_string, c_double, c_int64, c_bool, c_date)
      ORDER BY id) TO ${lit(file)} (FORMAT parquet)`,
  );
  await publishDataset({
    db,
    outDir: out,
    dataset: 'synthetic',
    title: 'SYNTHETIC',
    description: 'SYNTHETIC test data',
    tables: [{ spec, file, rows: 3 }],
    contentHash: 'synthetic-all-types',
    sources: [{ title: 'SYNTHETIC' }],
    provenance: {},
  });
  db.close();
  const dir = path.join(out, 'synthetic', 'latest');

  it('hyparquet: physical and logical types per contract type, values with NULLs, a 64-bit integer intact', async () => {
    const buf = (await readFile(path.join(dir, 'all_types.parquet'))).buffer as ArrayBuffer;
    const meta = await parquetMetadataAsync(buf);
    expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.converted_type])).toEqual(
      spec.columns.map((c) => [c.name, ...parquetType[c.type]]),
    );
    const rows = await parquetReadObjects({ file: buf, compressors });
    expect(rows).toEqual([
      {
        id: 1,
        c_string: 'a',
        c_double: 1.5,
        c_int64: 9007199254740993n,
        c_bool: true,
        c_date: new Date('2022-01-01T00:00:00Z'),
      },
      { id: 2, c_string: null, c_double: null, c_int64: null, c_bool: null, c_date: null },
      {
        id: 3,
        c_string: 'Қарағанды',
        c_double: -0.25,
        c_int64: -42n,
        c_bool: false,
        c_date: new Date('1997-12-10T00:00:00Z'),
      },
    ]);
  });

  it('apache-arrow: the IPC file has the contract types and the same values', async () => {
    const t = tableFromIPC(await readFile(path.join(dir, 'all_types.arrow')));
    expect(t.schema.fields.map((f) => [f.name, f.type.toString(), f.nullable])).toEqual(
      spec.columns.map((c) => [c.name, arrowTypeNames[c.type], !c.required]),
    );
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      {
        id: 1,
        c_string: 'a',
        c_double: 1.5,
        c_int64: 9007199254740993n,
        c_bool: true,
        c_date: Date.UTC(2022, 0, 1),
      },
      { id: 2, c_string: null, c_double: null, c_int64: null, c_bool: null, c_date: null },
      {
        id: 3,
        c_string: 'Қарағанды',
        c_double: -0.25,
        c_int64: -42n,
        c_bool: false,
        c_date: Date.UTC(1997, 11, 10),
      },
    ]);
  });
});
