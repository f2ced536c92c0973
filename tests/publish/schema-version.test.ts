import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { ExitCode } from '../../src/core/errors.ts';
import { sha256File } from '../../src/core/hash.ts';
import { fromRoot } from '../../src/core/paths.ts';
import type { TableSpec } from '../../src/core/pipeline.ts';
import type { ColumnSpec } from '../../src/core/table.ts';
import { loadPipelines } from '../../src/engine/pipelines.ts';
import { duckdbType } from '../../src/publish/contract.ts';
import { datapackageSchema } from '../../src/publish/datapackage.ts';
import { publishDataset } from '../../src/publish/publish.ts';
import { parquetScan, resourceFiles } from '../../src/publish/scan.ts';
import { SchemaChangeError } from '../../src/publish/schema-version.ts';
import { listVersions } from '../../src/publish/versions.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * Column types stay stable across versions; partitioned tables declare their
 * partition columns' types. All tables here are SYNTHETIC: a few made-up rows,
 * published through the engine's own publishDataset.
 */
const col = (name: string, type: ColumnSpec['type'], required = false): ColumnSpec => ({
  name,
  type,
  required,
  description: `${name} (synthetic)`,
});

function spec(columns: ColumnSpec[], extra: Partial<TableSpec> = {}): TableSpec {
  return {
    name: 'figures',
    title: 'SYNTHETIC figures',
    description: 'SYNTHETIC test table, not statistics',
    primaryKey: ['region_kato', 'year'],
    columns,
    ...extra,
  };
}

const base = [col('region_kato', 'string', true), col('year', 'int32', true), col('value', 'int32')];

/** Publishes SYNTHETIC rows (a SELECT) as table `figures` of dataset `synthetic`; returns the new version. */
async function publish(out: string, s: TableSpec, rows: string, tag: string) {
  const db = await Db.open();
  try {
    const file = path.join(await tempDir(), `${tag}.parquet`);
    const select = s.columns.map((c) => `CAST(${c.name} AS ${duckdbType[c.type]}) AS ${c.name}`).join(', ');
    await db.run(`COPY (SELECT ${select} FROM (${rows}) ORDER BY ALL) TO ${lit(file)} (FORMAT parquet)`);
    const n = await db.value<number>(`SELECT count(*)::INTEGER FROM read_parquet(${lit(file)})`);
    return await publishDataset({
      db,
      outDir: out,
      dataset: 'synthetic',
      title: 'SYNTHETIC',
      description: 'SYNTHETIC test data',
      tables: [{ spec: s, file, rows: n }],
      contentHash: tag,
      sources: [{ title: 'SYNTHETIC' }],
      provenance: {},
    });
  } finally {
    db.close();
  }
}

const ROWS = `SELECT * FROM (VALUES ('110000000', 2021, 10), ('110000000', 2022, 11), ('750000000', 2022, 30)) t(region_kato, year, value)`;

async function datapackage(out: string, version: string) {
  return datapackageSchema.parse(
    JSON.parse(await readFile(path.join(out, 'synthetic', version, 'datapackage.json'), 'utf8')),
  );
}

describe('schema versions', () => {
  it('a retyped column under the same major version is refused, and nothing is published', async () => {
    const out = await tempDir();
    const v1 = await publish(out, spec(base), ROWS, 'v1');
    const err = await publish(out, spec([...base.slice(0, 2), col('value', 'double')]), ROWS, 'v2').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SchemaChangeError);
    expect((err as SchemaChangeError).exitCode).toBe(ExitCode.checkFailed);
    expect((err as Error).message).toContain(
      `synthetic.figures: the column types differ from the latest version ${v1.version} (schema 1.0): column value changed type from Int32 to Float64`,
    );
    expect((err as Error).message).toMatch(/raise the table's schemaVersion to 2\.0 .*CHANGELOG\.md/);
    expect(await listVersions(out, 'synthetic')).toEqual([v1.version]);
    expect((await readdir(path.join(out, 'synthetic'))).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('a removed column is refused too; an added column is not', async () => {
    const out = await tempDir();
    await publish(out, spec(base), ROWS, 'v1');
    await expect(publish(out, spec(base.slice(0, 2)), ROWS, 'v2')).rejects.toThrow(
      /column value \(Int32\) removed/,
    );
    const added = await publish(
      out,
      spec([...base, col('note', 'string')], { schemaVersion: '1.1' }),
      `SELECT *, 'x' AS note FROM (${ROWS})`,
      'v3',
    );
    expect((await datapackage(out, added.version!)).resources[0]!.schema_version).toBe('1.1');
  });

  it('with the major version raised the new types are published, declared in the datapackage, footer and Arrow file', async () => {
    const out = await tempDir();
    const v1 = await publish(out, spec(base), ROWS, 'v1');
    const v2 = await publish(
      out,
      spec([...base.slice(0, 2), col('value', 'double')], { schemaVersion: '2.0' }),
      `SELECT region_kato, year, value + 0.5 AS value FROM (${ROWS})`,
      'v2',
    );
    expect(v2.version).toBeDefined();
    const pkg = await datapackage(out, v2.version!);
    const parquet = pkg.resources.find((r) => r.name === 'figures')!;
    expect(parquet.schema_version).toBe('2.0');
    expect(parquet.schema.fields.find((f) => f.name === 'value')).toMatchObject({
      type: 'number',
      arrow_type: 'Float64',
    });
    const db = await Db.open();
    const footer = await db.value<string>(
      `SELECT decode(value) FROM parquet_kv_metadata(${lit(path.join(out, 'synthetic', v2.version!, 'figures.parquet'))})
       WHERE decode(key) = 'kzstat.schema_version'`,
    );
    db.close();
    expect(footer).toBe('2.0');
    const arrow = tableFromIPC(await readFile(path.join(out, 'synthetic', v2.version!, 'figures.arrow')));
    expect(arrow.schema.metadata.get('kzstat.schema_version')).toBe('2.0');

    // kzstat diff across the type change: the column is compared as text and the change named
    const d = await runCli(['diff', 'synthetic', v1.version!, v2.version!, '--out', out, '--json']);
    expect(d.code, d.stderr).toBe(0);
    const t = JSON.parse(d.stdout).tables[0];
    expect(t.columns.retyped).toEqual([{ column: 'value', from: 'Int32', to: 'Float64' }]);
    expect(t.changed.map((c: { period: string; old: unknown; new: unknown }) => [c.old, c.new])).toEqual([
      ['10', '10.5'],
      ['11', '11.5'],
      ['30', '30.5'],
    ]);
  });

  it('a schema version older than the published one is refused; a malformed one too', async () => {
    const out = await tempDir();
    await publish(out, spec(base, { schemaVersion: '2.1' }), ROWS, 'v1');
    await expect(publish(out, spec(base, { schemaVersion: '2.0' }), ROWS, 'v2')).rejects.toThrow(
      /schema version 2\.0 is older than 2\.1/,
    );
    await expect(publish(out, spec(base, { schemaVersion: 'two' }), ROWS, 'v3')).rejects.toThrow(
      /schema version 'two' is not MAJOR\.MINOR/,
    );
  });

  it('CHANGELOG.md lists the current schema version of every table the pipelines publish', async () => {
    const changelog = await readFile(fromRoot('CHANGELOG.md'), 'utf8');
    const missing: string[] = [];
    for (const { pipeline } of await loadPipelines())
      for (const t of pipeline.tables) {
        const row = `| ${pipeline.dataset}.${t.name} | ${t.schemaVersion ?? '1.0'} |`;
        if (!changelog.includes(row)) missing.push(row);
      }
    // the rows CHANGELOG.md's schema table lacks, all at once
    expect(missing).toEqual([]);
  });
});

describe('a Hive-partitioned table (SYNTHETIC)', () => {
  const partitioned = spec(base, { partitionBy: ['year'] });

  it('is written as year=…/ folders and its datapackage declares the partition column with its type', async () => {
    const out = await tempDir();
    const v = await publish(out, partitioned, ROWS, 'p1');
    const dir = path.join(out, 'synthetic', v.version!);
    const pkg = await datapackage(out, v.version!);
    const r = pkg.resources.find((x) => x.name === 'figures')!;
    expect(r.partitioning).toEqual({
      style: 'hive',
      columns: [{ name: 'year', type: 'integer', arrow_type: 'Int32', duckdb_type: 'INTEGER' }],
    });
    expect(r.path).toEqual(['figures/year=2021/data_0.parquet', 'figures/year=2022/data_0.parquet']);
    const files = r.files as { path: string; bytes: number; hash: string }[];
    for (const f of files) {
      expect(f.bytes).toBe((await stat(path.join(dir, f.path))).size);
      expect(f.hash).toBe(`sha256:${await sha256File(path.join(dir, f.path))}`);
    }
    expect(r.bytes).toBe(files.reduce((n, f) => n + f.bytes, 0));

    const db = await Db.open();
    try {
      // with the declared types the partition column reads as the contract says...
      const declared = await db.all<{ column_name: string; column_type: string }>(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquetScan(resourceFiles(dir, r), r.partitioning)})`,
      );
      expect(declared).toEqual([
        { column_name: 'region_kato', column_type: 'VARCHAR' },
        { column_name: 'value', column_type: 'INTEGER' },
        { column_name: 'year', column_type: 'INTEGER' },
      ]);
      // ...where a reader left to guess from the folder names gets another type
      const guessed = await db.value<string>(
        `SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(${lit(`${dir}/figures/**/*.parquet`)}, hive_partitioning = true)) WHERE column_name = 'year'`,
      );
      expect(guessed).toBe('BIGINT');
    } finally {
      db.close();
    }
    // the Arrow twin is one file with every column, in contract order
    const arrow = tableFromIPC(await readFile(path.join(dir, 'figures.arrow')));
    expect(arrow.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'region_kato:Utf8',
      'year:Int32',
      'value:Int32',
    ]);
    expect(arrow.toArray().map((x) => x.toJSON())).toEqual([
      { region_kato: '110000000', year: 2021, value: 10 },
      { region_kato: '110000000', year: 2022, value: 11 },
      { region_kato: '750000000', year: 2022, value: 30 },
    ]);
  });

  it('kzstat diff compares two partitioned versions', async () => {
    const out = await tempDir();
    await publish(out, partitioned, ROWS, 'p1');
    await publish(
      out,
      partitioned,
      `SELECT region_kato, year, CASE WHEN region_kato = '750000000' THEN 33 ELSE value END AS value FROM (${ROWS})
       UNION ALL SELECT '750000000', 2023, 35`,
      'p2',
    );
    const d = await runCli(['diff', 'synthetic', 'previous', 'latest', '--out', out, '--csv']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout.trim().split('\n')).toEqual([
      'table,change,region_kato,year,column,old,new,rel_change_pct',
      'figures,changed,750000000,2022,value,30,33,10.0',
      'figures,added,750000000,2023,value,,35,',
    ]);
  });

  it('a partition column that may be NULL is refused', async () => {
    const out = await tempDir();
    const bad = spec([...base, col('flow', 'string')], { partitionBy: ['flow'] });
    await expect(publish(out, bad, `SELECT *, NULL AS flow FROM (${ROWS})`, 'p')).rejects.toThrow(
      /partition column 'flow' must be required/,
    );
  });
});
