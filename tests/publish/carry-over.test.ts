import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { datapackageSchema } from '../../src/publish/datapackage.ts';
import { resourceFiles } from '../../src/publish/scan.ts';
import { reviseAkmola2013, runCli, smallRaw, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * A new version carries over the files of every table whose rows did not
 * change: hard links to the previous version's files, so a revision costs on
 * disk what it changed, and each version folder stays complete on its own.
 * The edit is a revision of one count of the bundled R&D table; `revisions`
 * (empty with one input) does not change.
 */
describe('unchanged tables are carried over by hard link', async () => {
  const [raw, out] = [await smallRaw(), await tempDir()];
  const run = async () => {
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return runSummary.parse(JSON.parse(r.stdout));
  };
  const v1 = (await run()).published[0]!.version;
  const csv = path.join(raw, 'rd.csv');
  await reviseAkmola2013(csv, 13);
  const second = await run();
  const v2 = second.published[0]!.version;
  const dir = (v: string) => path.join(out, 'observations', v);
  const pkg = async (v: string) =>
    datapackageSchema.parse(JSON.parse(await readFile(path.join(dir(v), 'datapackage.json'), 'utf8')));

  it('links the files of an unchanged table and writes those of a changed one', async () => {
    expect(v2 > v1).toBe(true);
    const [a, b] = [await pkg(v1), await pkg(v2)];
    const inode = async (v: string, name: string) => {
      const r = (await pkg(v)).resources.find((x) => x.name === name)!;
      return (await stat(resourceFiles(dir(v), r)[0]!)).ino;
    };
    for (const name of ['revisions', 'revisions.arrow']) {
      expect(await inode(v2, name), name).toBe(await inode(v1, name));
      const [ra, rb] = [a, b].map((p) => p.resources.find((x) => x.name === name)!) as [
        (typeof a.resources)[number],
        (typeof a.resources)[number],
      ];
      expect(rb.hash).toBe(ra.hash);
      expect(rb.kzstat?.content_hash).toBe(ra.kzstat?.content_hash);
    }
    for (const name of ['observations', 'harmonised'])
      expect(await inode(v2, name), name).not.toBe(await inode(v1, name));
    // no 'revised' warning for a table carried over, nor a copy where a link was possible
    expect(second.warnings.filter((w) => w.check === 'carried over by copy')).toEqual([]);
  });

  it('a carried file names in its footer the version that first wrote it', async () => {
    const r = (await pkg(v2)).resources.find((x) => x.name === 'revisions')!;
    const kv = await query<{ v: string }>(
      `SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(resourceFiles(dir(v2), r)[0]!)}) WHERE decode(key) = 'kzstat.version'`,
    );
    expect(kv).toEqual([{ v: v1 }]);
  });

  it('deleting the older version leaves the newer one whole and readable', async () => {
    await rm(dir(v1), { recursive: true });
    const db = await Db.open();
    try {
      for (const r of (await pkg(v2)).resources.filter((x) => (x.format ?? 'parquet') === 'parquet')) {
        const n = await db.value<number>(
          `SELECT count(*)::INTEGER FROM read_parquet([${resourceFiles(dir(v2), r).map(lit).join(', ')}])`,
        );
        expect(n, r.name).toBe(r.rows);
      }
    } finally {
      db.close();
    }
  });

  it('a previous file that is not what its descriptor says is written again, not linked', async () => {
    const r = (await pkg(v2)).resources.find((x) => x.name === 'revisions')!;
    const damaged = resourceFiles(dir(v2), r)[0]!;
    await rm(damaged);
    await writeFile(damaged, 'not parquet');
    await reviseAkmola2013(csv, 14);
    const v3 = (await run()).published[0]!.version;
    const fresh = resourceFiles(dir(v3), (await pkg(v3)).resources.find((x) => x.name === 'revisions')!)[0]!;
    expect((await stat(fresh)).ino).not.toBe((await stat(damaged)).ino);
    const db = await Db.open();
    try {
      expect(await db.value<number>(`SELECT count(*)::INTEGER FROM read_parquet(${lit(fresh)})`)).toBe(
        r.rows,
      );
    } finally {
      db.close();
    }
  });
});
