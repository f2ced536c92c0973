import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import type { TableSpec } from '../../src/core/pipeline.ts';
import { datapackageSchema, tableResources } from '../../src/publish/datapackage.ts';
import { diffTable } from '../../src/publish/diff.ts';
import { publishDataset } from '../../src/publish/publish.ts';
import { datasetDir, readDatapackage } from '../../src/publish/versions.ts';
import { tempDir } from '../helpers/cli.ts';

/*
 * SYNTHETIC versions of one table, to check that diffTable joins only the groups
 * (values of the key's first column) whose rows hash differently, and still finds
 * every change: a changed value, a value moved by less than the tolerance (not a
 * change), an added group, a removed row, and a group that is the same throughout.
 */
const spec: TableSpec = {
  name: 'synthetic',
  title: 'SYNTHETIC',
  description: 'SYNTHETIC test table, not statistics',
  primaryKey: ['indicator', 'region'],
  columns: [
    { name: 'indicator', type: 'string', required: true, description: 'synthetic' },
    { name: 'region', type: 'string', required: true, description: 'synthetic' },
    { name: 'value', type: 'double', description: 'synthetic' },
  ],
};

async function publish(db: Db, out: string, rows: string, hash: string): Promise<string> {
  const file = path.join(await tempDir(), 'synthetic.parquet');
  await db.run(
    `COPY (SELECT indicator, region, value::DOUBLE AS value FROM (VALUES ${rows}) t(indicator, region, value) ORDER BY ALL) TO ${lit(file)} (FORMAT parquet)`,
  );
  const r = await publishDataset({
    db,
    outDir: out,
    dataset: 'synthetic',
    title: 'SYNTHETIC',
    description: 'SYNTHETIC test data',
    tables: [{ spec, file, rows: rows.split('),').length }],
    contentHash: hash,
    sources: [{ title: 'SYNTHETIC' }],
    provenance: {},
  });
  return r.version!;
}

async function resource(out: string, version: string) {
  const pkg = datapackageSchema.parse(await readDatapackage(out, 'synthetic', version));
  return {
    dir: path.join(datasetDir(out, 'synthetic'), version),
    version,
    resource: tableResources(pkg)[0]!,
  };
}

describe('diffTable compares only the groups that changed, and misses nothing', () => {
  it('a changed value, a sub-tolerance move, an added group and a removed row', async () => {
    const out = await tempDir();
    const db = await Db.open();
    try {
      const v1 = await publish(
        db,
        out,
        `('a', 'r1', 1.0), ('a', 'r2', 2.0), ('b', 'r1', 10.0), ('b', 'r2', 20.0), ('c', 'r1', 5.0), ('e', 'r1', 3.0), ('e', 'r2', 4.0)`,
        'v1',
      );
      const v2 = await publish(
        db,
        out,
        `('a', 'r1', 1.0), ('a', 'r2', 2.5), ('b', 'r1', ${10 * (1 + 1e-12)}), ('b', 'r2', 20.0), ('c', 'r1', 5.0), ('d', 'r1', 7.0), ('e', 'r1', 3.0)`,
        'v2',
      );
      const d = await diffTable(db, 0, await resource(out, v1), await resource(out, v2));
      expect(d.counts).toMatchObject({ added: 1, removed: 1, changed: 1, from_rows: 7, to_rows: 7 });
      const rows = await db.all(
        `SELECT change, indicator, region, "old.value" AS old, "new.value" AS new FROM ${d.relations.rows} ORDER BY ALL`,
      );
      expect(rows).toEqual([
        { change: 'added', indicator: 'd', region: 'r1', old: null, new: 7 },
        { change: 'changed', indicator: 'a', region: 'r2', old: 2, new: 2.5 },
        { change: 'removed', indicator: 'e', region: 'r2', old: 4, new: null },
      ]);
      // the groups joined: a (changed), b (moved below the tolerance), d (added), e (a row removed); not c
      const groups = await db.all<{ g: string }>('SELECT g FROM kzstat_diff_groups_0 ORDER BY g');
      expect(groups.map((r) => r.g)).toEqual(['a', 'b', 'd', 'e']);
    } finally {
      db.close();
    }
  });
});
