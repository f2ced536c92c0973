import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunSummary, runSummary } from '../../src/engine/run-summary.ts';
import { expectNothingNew, smallRaw, spawnCli, tempDir } from '../helpers/cli.ts';

/**
 * The cache follows the output folder however it is named. Each case runs `kzstat` as its own process
 * from a working folder of its own, as cron and `npm start` do, so a relative `--out` (or none: the
 * default `data/out`) is resolved against that folder. The second run must find every stage cached, and
 * `plan` must say so too; a regression here makes every scheduled run redo all its work.
 */
const STAGE_NAMES = ['extract', 'normalise', 'compute', 'check', 'publish'];

async function kzstat(cwd: string, args: string[]): Promise<RunSummary> {
  const r = await spawnCli([...args, '--json'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return runSummary.parse(JSON.parse(r.stdout));
}

const cases: { name: string; out: (cwd: string) => Promise<string[]>; folder: string }[] = [
  { name: 'the default folder (no --out)', out: async () => [], folder: 'data/out' },
  { name: 'a relative --out', out: async () => ['--out', 'out'], folder: 'out' },
  {
    name: "a --out reached through '..'",
    out: async (cwd) => {
      await mkdir(path.join(cwd, 'x'));
      return ['--out', './x/../out'];
    },
    folder: 'out',
  },
  { name: 'an absolute --out', out: async (cwd) => ['--out', path.join(cwd, 'out')], folder: 'out' },
  {
    name: 'a --out that is a symbolic link to the folder',
    out: async (cwd) => {
      await mkdir(path.join(cwd, 'real-out'));
      await symlink('real-out', path.join(cwd, 'out'));
      return ['--out', 'out'];
    },
    folder: 'real-out',
  },
];

describe('a second run with the same inputs is all cached, whatever form the output folder is given in', () => {
  for (const c of cases)
    it(c.name, async () => {
      const [raw, cwd] = [await smallRaw(), await tempDir('kzstat-cwd-')];
      const out = await c.out(cwd);
      const args = ['observations', '--raw', raw, ...out];
      const first = await kzstat(cwd, ['run', ...args]);
      expect(first.published).toHaveLength(1);

      const planned = await kzstat(cwd, ['plan', ...args]);
      expect(
        planned.pipelines[0]!.stages.map((s) => `${s.name}: ${s.status}`),
        JSON.stringify(planned.pipelines[0]!.stages.map((s) => s.reason)),
      ).toEqual(STAGE_NAMES.map((s) => `${s}: cached`));

      const second = await kzstat(cwd, ['run', ...args]);
      expectNothingNew(second);
      // the published version sits where the folder is, not beside it
      expect(await readdir(path.join(cwd, c.folder, 'observations'))).toContain(first.published[0]!.version);
    });
});

describe('pruning the cache', () => {
  it('never removes a folder that a stage record points at', async () => {
    const [raw, cwd] = [await smallRaw(), await tempDir('kzstat-cwd-')];
    const args = ['observations', '--raw', raw, '--out', 'out'];
    await kzstat(cwd, ['run', ...args]);
    // a second run with another parameter: new compute folders, the old ones pruned
    await kzstat(cwd, ['run', ...args, '--param', 'harmonise_to=2018']);
    const work = path.join(cwd, 'out', '.kzstat');
    const state = JSON.parse(await readFile(path.join(work, 'state', 'observations.json'), 'utf8'));
    const recorded: string[] = Object.values(state.stages as Record<string, { dir?: string }>).flatMap((r) =>
      r.dir ? [r.dir] : [],
    );
    expect(recorded.length).toBeGreaterThan(0);
    // every recorded folder is there, and nothing else is left in the cache
    const cache = path.join(work, 'cache', 'observations');
    const present: string[] = [];
    for (const stage of await readdir(cache))
      for (const d of await readdir(path.join(cache, stage)))
        present.push(path.join('cache', 'observations', stage, d));
    expect(present.sort()).toEqual(recorded.sort());
  });
});
