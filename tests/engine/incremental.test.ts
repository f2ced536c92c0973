import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { datapackageSchema, tableResources } from '../../src/publish/datapackage.ts';
import { resourceSelect } from '../../src/publish/scan.ts';
import { copyOfRaw, runJson, tempDir } from '../helpers/cli.ts';

/**
 * Incremental per input: the normalised rows of each input file are kept in
 * the output folder's cache, keyed by the file's content, so a run in which
 * one input of many changed normalises that input only and takes the others
 * from the cache. What it publishes must be what a cold run of the same files
 * publishes, table by table, row by row.
 */
const CHANGED = 'reference/rd_organisations_2009_2013.csv';

async function changeOneValue(raw: string): Promise<void> {
  const file = path.join(raw, CHANGED);
  const text = await readFile(file, 'utf8');
  const changed = text.replace(
    'rd_organisations,Republic of Kazakhstan,2010,424,',
    'rd_organisations,Republic of Kazakhstan,2010,425,',
  );
  expect(changed).not.toBe(text);
  await writeFile(file, changed);
}

function normaliseReason(summary: Awaited<ReturnType<typeof runJson>>['summary']): string {
  return summary.pipelines[0]!.stages.find((s) => s.name === 'normalise')!.reason;
}

/** Rows in one published table and not in the other, both ways, for every table of the dataset. */
async function differences(outA: string, outB: string, dataset: string): Promise<Record<string, number>> {
  const a = path.join(outA, dataset, 'latest');
  const b = path.join(outB, dataset, 'latest');
  const tablesOf = async (dir: string) =>
    new Map(
      tableResources(
        datapackageSchema.parse(JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'))),
      ).map((r) => [r.name, r]),
    );
  const [ta, tb] = [await tablesOf(a), await tablesOf(b)];
  expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
  const db = await Db.open();
  try {
    const out: Record<string, number> = {};
    for (const [t, r] of ta) {
      const [x, y] = [resourceSelect(a, r), resourceSelect(b, tb.get(t)!)];
      out[t] = await db.value<number>(`SELECT ((
        SELECT count(*) FROM (${x} EXCEPT ALL ${y})) + (SELECT count(*) FROM (${y} EXCEPT ALL ${x})))::INTEGER`);
    }
    return out;
  } finally {
    db.close();
  }
}

describe('incremental normalisation', () => {
  it('one changed input of many is normalised again alone, and the result equals a cold run', async () => {
    const raw = await copyOfRaw();
    const out = await tempDir('kzstat-incr-out-');
    const first = await runJson(['run', 'observations', '--raw', raw, '--out', out, '--offline']);
    expect(first.code, first.stderr).toBe(0);
    const inputs = first.summary.pipelines[0]!.stages.find((s) => s.name === 'extract')!.rows!;
    expect(normaliseReason(first.summary)).toContain(`normalised every input (${inputs})`);

    await changeOneValue(raw);
    const again = await runJson(['run', 'observations', '--raw', raw, '--out', out, '--offline']);
    expect(again.code, again.stderr).toBe(0);
    expect(normaliseReason(again.summary)).toContain(
      `normalised 1 of ${inputs} inputs (${CHANGED}), the others from the cache`,
    );
    expect(again.summary.published).toHaveLength(1);

    const cold = await tempDir('kzstat-incr-cold-');
    const reference = await runJson(['run', 'observations', '--raw', raw, '--out', cold, '--offline']);
    expect(reference.code, reference.stderr).toBe(0);
    const diff = await differences(out, cold, 'observations');
    expect(Object.keys(diff)).toContain('observations');
    expect(
      Object.values(diff).every((n) => Number(n) === 0),
      JSON.stringify(diff),
    ).toBe(true);
    // the change itself is in what was published
    const db = await Db.open();
    try {
      const value = await db.value<number>(
        `SELECT value FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})
         WHERE indicator = 'rd_organisations' AND region_kato = '000000000' AND period = '2010' AND source LIKE ${lit(`${CHANGED}#%`)}`,
      );
      expect(value).toBe(425);
      // each part in key order, whether its inputs were sorted together or it is one input's
      const file = lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'));
      const misplaced = await db.value<number>(`SELECT count(*)::INTEGER FROM (
        SELECT file_row_number, row_number() OVER (PARTITION BY filename ORDER BY indicator, region_kato, period, industry, partner, product, flow) - 1 AS k
        FROM read_parquet(${file}, file_row_number = true, filename = true)) WHERE file_row_number <> k`);
      expect(misplaced).toBe(0);
    } finally {
      db.close();
    }
  }, 120_000);

  it('a damaged entry of the input cache is made again, not read', async () => {
    const raw = await copyOfRaw();
    const out = await tempDir('kzstat-incr-damaged-');
    const first = await runJson(['run', 'observations', '--raw', raw, '--out', out, '--offline']);
    expect(first.code, first.stderr).toBe(0);
    const cache = path.join(out, '.kzstat', 'normalised');
    const entries = await readdir(cache);
    expect(entries.length).toBeGreaterThan(1);
    await truncate(path.join(cache, entries[0]!, 'rows.parquet'), 100);

    const again = await runJson([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--from',
      'normalise',
      '--offline',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(normaliseReason(again.summary)).toMatch(
      /normalised 1 of \d+ inputs \(.+\), the others from the cache/,
    );
    // same content as before: nothing new to publish
    expect(again.summary.published).toEqual([]);

    // --force trusts no cache: every input is read from its file again, and still nothing is new
    const forced = await runJson(['run', 'observations', '--raw', raw, '--out', out, '--force', '--offline']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(normaliseReason(forced.summary)).toContain('normalised every input');
    expect(forced.summary.published).toEqual([]);
  }, 120_000);

  it('inputs of indicators no other input has are a part each, in key order', async () => {
    const raw = await tempDir('kzstat-incr-disjoint-raw-');
    const lines = (await readFile(path.join(await copyOfRaw(), CHANGED), 'utf8')).trimEnd().split('\n');
    const header = lines[0]!;
    // the 2013 rows first, in a file of their own, as another indicator: two inputs, two disjoint ranges
    const late = lines
      .filter((l) => l.includes(',2013,'))
      .map((l) => l.replace(/^rd_organisations,/, 'enterprises_surveyed,'));
    await writeFile(path.join(raw, 'a.csv'), `${header}\n${late.join('\n')}\n`);
    await writeFile(path.join(raw, 'b.csv'), `${lines.filter((l) => !l.includes(',2013,')).join('\n')}\n`);
    await writeFile(
      path.join(raw, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            path: 'b.csv',
            reader: 'tidy-csv',
            indicators: ['rd_organisations'],
            provenance: { publisher: 'test' },
          },
          {
            path: 'a.csv',
            reader: 'tidy-csv',
            indicators: ['enterprises_surveyed'],
            provenance: { publisher: 'test' },
          },
        ],
      }),
    );
    const out = await tempDir('kzstat-incr-disjoint-out-');
    const r = await runJson(['run', 'observations', '--raw', raw, '--out', out, '--offline']);
    expect(r.code, r.stderr).toBe(0);
    const db = await Db.open();
    try {
      const file = lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'));
      const rows = await db.all<{ indicator: string; n: number }>(
        `SELECT indicator, count(*)::INTEGER AS n FROM read_parquet(${file}) GROUP BY ALL ORDER BY ALL`,
      );
      expect(rows.map((x) => x.indicator)).toEqual(['enterprises_surveyed', 'rd_organisations']);
      // two inputs sharing no indicator: a part each, each in key order
      const parts = await db.all<{
        filename: string;
        misplaced: number;
      }>(`SELECT filename, count(*) FILTER (WHERE file_row_number <> k)::INTEGER AS misplaced FROM (
        SELECT filename, file_row_number, row_number() OVER (PARTITION BY filename ORDER BY indicator, region_kato, period, industry, partner, product, flow) - 1 AS k
        FROM read_parquet(${file}, file_row_number = true, filename = true)) GROUP BY ALL`);
      expect(parts.map((p) => p.misplaced)).toEqual([0, 0]);
    } finally {
      db.close();
    }
    // The normalise stage's parts are the input cache's files themselves (hard links), not copies of them.
    const work = path.join(out, '.kzstat');
    const state = JSON.parse(await readFile(path.join(work, 'state', 'observations.json'), 'utf8'));
    const partsDir = path.join(work, state.stages.normalise.dir, 'observations');
    const parts = (await readdir(partsDir)).sort();
    expect(parts).toEqual(['part-00000.parquet', 'part-00001.parquet']);
    const cached = await Promise.all(
      state.stages.normalise.data.inputKeys.map((key: string) =>
        stat(path.join(work, 'normalised', key, 'rows.parquet')),
      ),
    );
    const linked = await Promise.all(parts.map((p) => stat(path.join(partsDir, p))));
    expect(new Set(linked.map((s) => s.ino))).toEqual(new Set(cached.map((s) => s.ino)));
  }, 120_000);
});
