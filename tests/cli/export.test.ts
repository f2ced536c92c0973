import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { runCli, smallRaw, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';

/**
 * `kzstat export`: one table of a version as one file, the same rows in key
 * order as the version holds, and nothing left behind when it cannot be written.
 */
let out: string;
let latest: string;

beforeAll(async () => {
  out = await tempDir();
  const r = await runCli(['run', 'observations', '--raw', await smallRaw(), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  latest = path.join(out, 'observations', 'latest', 'observations', '*.parquet');
});

const KEY = 'indicator, region_kato, period, industry, partner, product, flow';

describe('kzstat export', () => {
  it('writes Parquet equal to the published table row for row, in key order, and prints its path', async () => {
    const to = path.join(await tempDir(), 'sub', 'observations.parquet');
    const r = await runCli(['export', 'observations', 'observations', '--to', to, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(to);
    expect(r.stderr).toMatch(/observations\.observations of \d{8}T\d{6}\.\d{3}Z: \d+ rows to /);
    const [diff] = await query<{ missing: number; extra: number; rows: number; sorted: boolean }>(`
      WITH a AS (SELECT * FROM read_parquet(${lit(latest)})), b AS (SELECT * FROM read_parquet(${lit(to)}))
      SELECT (SELECT count(*) FROM (FROM a EXCEPT ALL FROM b))::INTEGER AS missing,
             (SELECT count(*) FROM (FROM b EXCEPT ALL FROM a))::INTEGER AS extra,
             (SELECT count(*) FROM b)::INTEGER AS rows,
             (SELECT bool_and(ok) FROM (SELECT row_number() OVER () = row_number() OVER (ORDER BY ${KEY}) AS ok FROM b)) AS sorted`);
    expect(diff).toEqual({ missing: 0, extra: 0, rows: expect.any(Number), sorted: true });
    expect(diff!.rows).toBeGreaterThan(50);
    const kv = await query<{ key: string; value: string }>(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${lit(to)}) WHERE decode(key) = 'kzstat.table'`,
    );
    expect(kv).toEqual([{ key: 'kzstat.table', value: 'observations' }]);
  });

  it('writes CSV with a header, by the extension or --format', async () => {
    const dir = await tempDir();
    const r = await runCli([
      'export',
      'observations',
      'observations',
      '--to',
      path.join(dir, 'o.txt'),
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [{ n, m }] = (await query<{ n: number; m: number }>(
      `SELECT (SELECT count(*) FROM read_csv(${lit(path.join(dir, 'o.txt'))}, header = true))::INTEGER AS n,
              (SELECT count(*) FROM read_parquet(${lit(latest)}))::INTEGER AS m`,
    )) as [{ n: number; m: number }];
    expect(n).toBe(m);
  });

  it('refuses an unknown table, version or format with exit 2, naming what exists, and writes nothing', async () => {
    const dir = await tempDir();
    const to = path.join(dir, 'x.parquet');
    const table = await runCli(['export', 'observations', 'nope', '--to', to, '--out', out]);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(
      /unknown table 'nope' of observations .*: its tables are harmonised, observations, revisions/,
    );
    const version = await runCli([
      'export',
      'observations',
      'observations',
      '1999',
      '--to',
      to,
      '--out',
      out,
    ]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/unknown version '1999' of observations/);
    const format = await runCli([
      'export',
      'observations',
      'observations',
      '--to',
      path.join(dir, 'x.xlsx'),
      '--out',
      out,
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/say the format by the file's extension/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a target it cannot write (a file where its folder should be) is exit 7, and nothing is left', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'plain'), 'a file, not a folder');
    const r = await runCli([
      'export',
      'observations',
      'observations',
      '--to',
      path.join(dir, 'plain', 'o.parquet'),
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/cannot write .*plain is a file, not a folder/);
    expect(await readdir(dir)).toEqual(['plain']);
  });
});
