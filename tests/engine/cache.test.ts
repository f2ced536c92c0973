import { mkdir, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runJson, smallRaw, tempDir } from '../helpers/cli.ts';
import { latestOf, publishedProblems } from '../helpers/published.ts';

/**
 * A cache that heals: every file under `<out>/.kzstat/` is damaged in turn
 * (deleted, cut short, overwritten) and the next run must neither exit 1 nor
 * publish anything but the right figures. Cached stage outputs are verified
 * against the size and sha256 recorded when they were written; `plan` says
 * "cached output damaged" and `run` computes them again.
 *
 * The raw folder holds the bundled R&D organisations table (a real file).
 */
async function setup() {
  const raw = await smallRaw();
  const out = await tempDir('kzstat-cache-out-');
  const first = await runJson(['run', 'observations', '--raw', raw, '--out', out]);
  expect(first.code, first.stderr).toBe(0);
  const work = path.join(out, '.kzstat');
  const state = JSON.parse(await readFile(path.join(work, 'state', 'observations.json'), 'utf8'));
  return {
    raw,
    out,
    work,
    // the state records cache folders relative to .kzstat/
    normaliseDir: path.join(work, state.stages.normalise.dir),
    computeDir: path.join(work, state.stages.compute.dir),
    version: (await latestOf(path.join(out, 'observations')))!,
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** The published observations of the latest version, to compare before and after. */
async function publishedRows(out: string): Promise<unknown[]> {
  const db = await Db.open();
  try {
    return await db.all(
      `SELECT * EXCLUDE (source) FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))}) ORDER BY ALL`,
    );
  } finally {
    db.close();
  }
}

const stages = (r: Awaited<ReturnType<typeof runJson>>) =>
  Object.fromEntries(r.summary.pipelines[0]!.stages.map((s) => [s.name, `${s.status}: ${s.reason}`]));

/**
 * The damage is done to the cache's name of the file alone: a cached part is also a name of the published
 * part (one file, hard-linked, docs/publishing.md "Parts"), and what these tests ask is whether the cache
 * notices and heals, not what a write into a published file does (it changes every name of the file).
 */
const unlinked = async (file: string) => {
  const bytes = await readFile(file);
  await rm(file);
  await writeFile(file, bytes);
};
/** Cuts a file to half its size. */
const halve = async (file: string) => {
  await unlinked(file);
  await truncate(file, Math.floor((await stat(file)).size / 2));
};
/** Overwrites a file with as many bytes of something else (same size, other content). */
const scramble = async (file: string) => {
  await unlinked(file);
  await writeFile(file, Buffer.alloc((await stat(file)).size, 0x5a));
};
/** A Parquet file of the compute stage's output (its tables in parts are folders). */
const computeFile = async (dir: string) =>
  (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.parquet')).sort()[0]!;

const damages: { what: string; damage: (s: Setup) => Promise<unknown>; stage?: string; reason?: RegExp }[] = [
  {
    what: 'a cached normalise output cut short',
    damage: (s) => halve(path.join(s.normaliseDir, 'observations', 'part-00000.parquet')),
    stage: 'normalise',
    reason: /^cached output damaged: observations\/part-00000\.parquet has \d+ bytes, \d+ when written$/,
  },
  {
    what: 'a cached compute output overwritten with bytes of the same size',
    damage: async (s) => {
      await scramble(path.join(s.computeDir, await computeFile(s.computeDir)));
    },
    stage: 'compute',
    reason: /^cached output damaged: [\w/]+\.parquet has changed since it was written \(sha256 differs\)$/,
  },
  {
    what: 'a cached output deleted',
    damage: (s) => rm(path.join(s.normaliseDir, 'revisions.parquet')),
    stage: 'normalise',
    reason: /^cached output damaged: revisions\.parquet is missing$/,
  },
  {
    what: 'the whole cache folder deleted',
    damage: (s) => rm(path.join(s.work, 'cache'), { recursive: true }),
    stage: 'normalise',
    reason: /^cached output damaged: observations\/part-00000\.parquet is missing$/,
  },
  {
    what: 'the state file cut short',
    damage: (s) => halve(path.join(s.work, 'state', 'observations.json')),
    stage: 'extract',
    reason: /^cached output damaged: .*observations\.json is not valid JSON/,
  },
  {
    what: 'the state file emptied',
    damage: (s) => writeFile(path.join(s.work, 'state', 'observations.json'), ''),
    stage: 'extract',
    reason: /^cached output damaged: .*observations\.json is not valid JSON/,
  },
  {
    what: 'the state file of another shape',
    damage: (s) => writeFile(path.join(s.work, 'state', 'observations.json'), '{"stages": 3}'),
    stage: 'extract',
    reason: /^cached output damaged: .*observations\.json is not a state of observations$/,
  },
  {
    what: 'the state file deleted',
    damage: (s) => rm(path.join(s.work, 'state', 'observations.json')),
    stage: 'extract',
    reason: /^no earlier run$/,
  },
  { what: 'the hash cache cut short', damage: (s) => halve(path.join(s.work, 'hash-cache.json')) },
  {
    what: 'the hash cache of another shape',
    damage: (s) => writeFile(path.join(s.work, 'hash-cache.json'), '{"x": {"size": "big"}}'),
  },
  { what: 'the hash cache deleted', damage: (s) => rm(path.join(s.work, 'hash-cache.json')) },
  {
    what: 'a lock file left empty by a crash',
    damage: async (s) => {
      await writeFile(path.join(s.work, 'lock'), '');
      await utimes(path.join(s.work, 'lock'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    },
  },
  {
    what: 'a lock file that names no holder',
    damage: async (s) => {
      await writeFile(path.join(s.work, 'lock'), '{}');
      await utimes(path.join(s.work, 'lock'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    },
  },
  {
    what: 'a folder where the lock file belongs',
    damage: async (s) => {
      await mkdir(path.join(s.work, 'lock'));
      await utimes(path.join(s.work, 'lock'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    },
  },
  {
    what: "DuckDB's temporary folder replaced by a file",
    damage: async (s) => {
      await rm(path.join(s.work, 'tmp'), { recursive: true, force: true });
      await writeFile(path.join(s.work, 'tmp'), 'not a folder');
    },
  },
  {
    what: 'the cache folder replaced by a file',
    damage: async (s) => {
      await rm(path.join(s.work, 'cache'), { recursive: true });
      await writeFile(path.join(s.work, 'cache'), 'not a folder');
    },
    stage: 'normalise',
    reason: /^cached output damaged: observations\/part-00000\.parquet is missing$/,
  },
  {
    what: 'the state folder replaced by a file',
    damage: async (s) => {
      await rm(path.join(s.work, 'state'), { recursive: true });
      await writeFile(path.join(s.work, 'state'), 'not a folder');
    },
    stage: 'extract',
    reason: /^cached output damaged: .*observations\.json cannot be read/,
  },
  {
    what: 'a run record cut short',
    damage: async (s) => {
      const runs = path.join(s.work, 'runs');
      await halve(path.join(runs, (await readdir(runs)).find((f) => f.endsWith('.json'))!));
    },
  },
  {
    what: 'the run records folder replaced by a file',
    damage: async (s) => {
      await rm(path.join(s.work, 'runs'), { recursive: true });
      await writeFile(path.join(s.work, 'runs'), 'not a folder');
    },
  },
  {
    what: 'leftover temporary folders in the cache',
    damage: async (s) => {
      await mkdir(path.join(path.dirname(s.normaliseDir), '.tmp-leftover-1'), { recursive: true });
      await writeFile(
        path.join(path.dirname(s.normaliseDir), '.tmp-leftover-1', 'observations.parquet'),
        'half',
      );
    },
  },
];

describe('a cache that heals: every kind of file under .kzstat/ damaged', () => {
  for (const d of damages)
    it(d.what, { timeout: 60_000 }, async () => {
      const s = await setup();
      const before = await publishedRows(s.out);
      await d.damage(s);
      const args = ['--raw', s.raw, '--out', s.out];
      const plan = await runJson(['plan', 'observations', ...args]);
      expect(plan.code, plan.stderr).toBe(0);
      if (d.stage) expect(stages(plan)[d.stage]).toMatch(/^would run: /);
      if (d.reason) expect(stages(plan)[d.stage!]!.replace(/^would run: /, '')).toMatch(d.reason);

      const run = await runJson(['run', 'observations', ...args]);
      expect(run.code, run.stderr).toBe(0);
      if (d.stage) expect(stages(run)[d.stage]).toMatch(/^ran: /);
      // the same figures: nothing new to publish, and latest is what it was
      expect(run.summary.published).toEqual([]);
      expect(await latestOf(path.join(s.out, 'observations'))).toBe(s.version);
      expect(await publishedRows(s.out)).toEqual(before);
      expect(await publishedProblems(path.join(s.out, 'observations'))).toEqual([]);
      expect(run.summary.record, 'the run keeps its record').toBeDefined();
      // and the run after it finds everything cached again
      const again = await runJson(['run', 'observations', ...args]);
      expect(Object.values(stages(again)).map((x) => x.split(':')[0])).toEqual([
        'cached',
        'cached',
        'cached',
        'cached',
        'cached',
      ]);
    });

  it('--from check on a cut-short compute output computes it again instead of failing', {
    timeout: 60_000,
  }, async () => {
    const s = await setup();
    const file = await computeFile(s.computeDir);
    await halve(path.join(s.computeDir, file));
    const run = await runJson(['run', 'observations', '--from', 'check', '--raw', s.raw, '--out', s.out]);
    expect(run.code, run.stderr).toBe(0);
    expect(stages(run).compute).toMatch(/^ran: cached output damaged: /);
    expect(stages(run).check).toMatch(/^ran: forced by --from check$/);
  });

  it('--only publish with no latest and a damaged compute output publishes the right figures', {
    timeout: 60_000,
  }, async () => {
    const s = await setup();
    const before = await publishedRows(s.out);
    const dataset = path.join(s.out, 'observations');
    // a fresh output folder as far as publishing goes: the version and its links gone
    await rm(path.join(dataset, s.version), { recursive: true });
    await rm(path.join(dataset, 'latest'));
    await rm(path.join(dataset, 'LATEST'));
    await scramble(path.join(s.computeDir, await computeFile(s.computeDir)));
    const run = await runJson(['run', 'observations', '--only', 'publish', '--raw', s.raw, '--out', s.out]);
    expect(run.code, run.stderr).toBe(0);
    expect(stages(run).compute).toMatch(/^ran: cached output damaged: /);
    expect(run.summary.published).toHaveLength(1);
    expect(await publishedRows(s.out)).toEqual(before);
    expect(await publishedProblems(dataset)).toEqual([]);
  });
});
