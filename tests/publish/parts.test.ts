import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { datapackageSchema, type Resource } from '../../src/publish/datapackage.ts';
import { copyOfRaw, reviseAkmola2013, runCli, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * `observations` and `harmonised` as folders of parts on the bundled data: a cold run publishes the very
 * files the normalise stage wrote (each row written once), and a revision of one input (one count of the
 * R&D table) adds only the parts it changed, while every other part is the previous version's file.
 */
const CHANGED = 'reference/rd_organisations_2009_2013.csv';

describe('a version shares its unchanged parts with the one before', async () => {
  const [raw, out] = [await copyOfRaw(), await tempDir()];
  const run = async () => {
    const r = await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return runSummary.parse(JSON.parse(r.stdout));
  };
  const v1 = (await run()).published[0]!.version;
  await reviseAkmola2013(path.join(raw, CHANGED), 13);
  const second = await run();
  const v2 = second.published[0]!.version;
  const dir = (v: string) => path.join(out, 'observations', v);
  const table = async (v: string, name: string): Promise<Resource> =>
    datapackageSchema
      .parse(JSON.parse(await readFile(path.join(dir(v), 'datapackage.json'), 'utf8')))
      .resources.find((r) => r.name === name)!;
  const inode = async (v: string, rel: string) => (await stat(path.join(dir(v), rel))).ino;
  const footerVersion = async (v: string, rel: string) =>
    (
      await query<{ v: string }>(
        `SELECT decode(value) AS v FROM parquet_kv_metadata(${lit(path.join(dir(v), rel))}) WHERE decode(key) = 'kzstat.version'`,
      )
    )[0]?.v;

  it('a cold run publishes the input cache files themselves: each row of observations written once', async () => {
    const cache = path.join(out, '.kzstat', 'normalised');
    const cached = new Set<number>();
    for (const key of await readdir(cache))
      cached.add((await stat(path.join(cache, key, 'rows.parquet')).catch(() => ({ ino: -1 }))).ino);
    const parts = (await table(v1, 'observations')).path as string[];
    // every input sharing no indicator with another is a part of its own, the cache's file linked
    const linked = [];
    for (const p of parts) if (cached.has(await inode(v1, p))) linked.push(p);
    expect(linked.length).toBeGreaterThan(parts.length / 2);
    for (const p of parts) expect(await footerVersion(v1, p), p).toBe(v1);
  });

  it('after one changed input, only its parts are new; the others are the previous version files', async () => {
    for (const name of ['observations', 'harmonised']) {
      const [a, b] = [await table(v1, name), await table(v2, name)];
      const before = new Set(a.path as string[]);
      const added = (b.path as string[]).filter((p) => !before.has(p));
      const kept = (b.path as string[]).filter((p) => before.has(p));
      // observations: the R&D table's own part; harmonised: the part of rd_organisations
      expect(added, name).toHaveLength(1);
      expect(kept.length, name).toBe((b.path as string[]).length - 1);
      for (const p of kept) {
        expect(await inode(v2, p), p).toBe(await inode(v1, p));
        expect(await footerVersion(v2, p), p).toBe(v1);
      }
      expect(await footerVersion(v2, added[0]!)).toBe(v2);
      const [{ indicators }] = (await query<{ indicators: string[] }>(
        `SELECT list(DISTINCT indicator) AS indicators FROM read_parquet(${lit(path.join(dir(v2), added[0]!))})`,
      )) as [{ indicators: string[] }];
      expect(indicators, name).toContain('rd_organisations');
      expect(b.rows).toBe(a.rows);
    }
  });

  it('the revision comparison reads only the parts that differ, and finds the one figure', async () => {
    const revised = second.warnings.filter((w) => w.check === 'revised').map((w) => w.message);
    expect(revised.sort()).toEqual([
      expect.stringMatching(/^observations\.harmonised: 1 row changed, 0 removed, 0 added since /),
      expect.stringMatching(/^observations\.observations: 1 row changed, 0 removed, 0 added since /),
    ]);
    const d = await runCli(['diff', 'observations', v1, v2, '--out', out, '--json']);
    expect(d.code, d.stderr).toBe(0);
    const obs = (JSON.parse(d.stdout).tables as { table: string; counts: Record<string, number> }[]).find(
      (t) => t.table === 'observations',
    )!;
    const rows = (await table(v2, 'observations')).rows!;
    expect(obs.counts).toEqual({
      from_rows: rows,
      to_rows: rows,
      added: 0,
      removed: 0,
      changed: 1,
      unchanged: rows - 1,
    });
  });

  it('kzstat export gives the parts as one file, row for row', async () => {
    const to = path.join(await tempDir(), 'observations.parquet');
    const r = await runCli(['export', 'observations', 'observations', v2, '--to', to, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const glob = lit(path.join(dir(v2), 'observations', '*.parquet'));
    const [diff] = await query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM (FROM read_parquet(${glob}) EXCEPT ALL FROM read_parquet(${lit(to)}))) +
               (SELECT count(*) FROM (FROM read_parquet(${lit(to)}) EXCEPT ALL FROM read_parquet(${glob}))))::INTEGER AS n`,
    );
    expect(diff).toEqual({ n: 0 });
  });

  it('a part whose footer names a version never published is written again, not linked', async () => {
    // normalise alone: its parts name the id that run chose, which no version will get
    await reviseAkmola2013(path.join(raw, CHANGED), 15);
    for (const stage of ['extract', 'normalise']) {
      const only = await runCli([
        'run',
        'observations',
        '--offline',
        '--raw',
        raw,
        '--out',
        out,
        '--only',
        stage,
      ]);
      expect(only.code, only.stderr).toBe(0);
    }
    const third = await run();
    const v3 = third.published[0]!.version;
    const [a, b] = [await table(v2, 'observations'), await table(v3, 'observations')];
    const added = (b.path as string[]).filter((p) => !(a.path as string[]).includes(p));
    expect(added).toHaveLength(1);
    // the footer names the version it is published in, and the file is not the cache's
    expect(await footerVersion(v3, added[0]!)).toBe(v3);
    const cache = path.join(out, '.kzstat', 'normalised');
    const cached = await Promise.all(
      (await readdir(cache)).map(
        async (k) => (await stat(path.join(cache, k, 'rows.parquet')).catch(() => ({ ino: -1 }))).ino,
      ),
    );
    expect(cached).not.toContain(await inode(v3, added[0]!));
  });
});
