import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfRaw, spawnCli, tempDir } from '../helpers/cli.ts';
import { latestFileOf, latestOf, publishedProblems } from '../helpers/published.ts';

/**
 * Crash safety: a run killed with SIGKILL at any instant leaves every
 * dataset's `latest` (and `LATEST`) at the previous version or the new complete one, every
 * version folder consistent with its datapackage.json, and the next run
 * succeeds with no manual cleanup (stale lock, temporary folders).
 *
 * Named points (KZSTAT_CRASH_AT) hit the instants that matter exactly; random
 * delays hit everything in between. KZSTAT_CRASH_ITERATIONS sets how many
 * random kills (default 12; the README's figures come from a longer run).
 */
const POINTS = [
  'extract:ran',
  'extract:recorded',
  'normalise:staged',
  'normalise:ran',
  'normalise:recorded',
  'compute:ran',
  'check:ran',
  // between the parts of a table: some linked or written into the new folder, others not yet
  'publish:part-written',
  'publish:tables-written',
  'publish:datapackage-written',
  'publish:renamed',
  'publish:link-created',
  'publish:latest-swapped',
  'publish:latest-file-written',
  'publish:ran',
];
const RANDOM = Number(process.env.KZSTAT_CRASH_ITERATIONS ?? 12);

async function setup() {
  const raw = await copyOfRaw();
  const out = await tempDir();
  const first = await spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
  expect(first.code, first.stderr).toBe(0);
  return { raw, out, dataset: path.join(out, 'observations') };
}

/** Changes one input so the next run has something new to publish. */
let edits = 0;
async function touchInput(raw: string) {
  edits++;
  // A month of its own for each edit, all long past, so no two rows share a key however many kills run.
  const period = `${1950 + Math.floor(edits / 12)}-M${String((edits % 12) + 1).padStart(2, '0')}`;
  await appendFile(
    path.join(raw, 'reference', 'rd_organisations_2009_2013.csv'),
    `rd_organisations,Akmola Region,${period},${edits},count,crash test ${edits}\n`,
  );
}

async function assertRecovered(
  out: string,
  dataset: string,
  raw: string,
  previous: string | undefined,
  label: string,
) {
  const after = await latestOf(dataset);
  expect(await publishedProblems(dataset), label).toEqual([]);
  const versions = (await readdir(dataset)).filter((n) => /^\d{8}T/.test(n)).sort();
  // latest is the version before the crash or a newer complete one, never gone
  expect(after === previous || (after !== undefined && after > (previous ?? '')), label).toBe(true);
  expect(versions.at(-1) === after || versions.includes(after!), label).toBe(true);
  const next = await spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
  expect(next.code, `${label}: next run\n${next.stderr}`).toBe(0);
  expect(await publishedProblems(dataset), label).toEqual([]);
  // the plain file agrees with the link again, whatever instant the crash hit
  expect(await latestFileOf(dataset), `${label}: LATEST`).toBe(await latestOf(dataset));
  const leftovers = (await readdir(dataset)).filter((n) => n.startsWith('.'));
  expect(leftovers, label).toEqual([]);
  expect((await readdir(path.join(out, '.kzstat'))).includes('lock'), `${label}: lock released`).toBe(false);
}

describe('SIGKILL at named points of a run', () => {
  for (const point of POINTS)
    it(point, { timeout: 180_000 }, async () => {
      const { raw, out, dataset } = await setup();
      const previous = await latestOf(dataset);
      await touchInput(raw);
      const killed = await spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out], {
        env: { KZSTAT_CRASH_AT: point },
      });
      expect(killed.code, `${point}: the process was killed`).toBe(128);
      await assertRecovered(out, dataset, raw, previous, point);
    });
});

describe('SIGKILL at random instants', () => {
  it(`${RANDOM} random kills lose nothing`, { timeout: 30_000 * (RANDOM + 4) }, async () => {
    const { raw, out, dataset } = await setup();
    // How long a run that publishes takes here, to spread the kills over it.
    await touchInput(raw);
    const t0 = Date.now();
    expect((await spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out])).code).toBe(0);
    const duration = Date.now() - t0;
    for (let i = 0; i < RANDOM; i++) {
      const previous = await latestOf(dataset);
      await touchInput(raw);
      const run = spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
      const delay = Math.floor(Math.random() * duration * 1.1);
      setTimeout(() => {
        try {
          if (run.pid) process.kill(run.pid, 'SIGKILL');
        } catch {
          // it finished before the kill: fine, that instant is covered too
        }
      }, delay);
      const r = await run;
      const label = `random kill ${i} after ${delay} ms of ${duration} (exit ${r.code})`;
      expect(await publishedProblems(dataset), label).toEqual([]);
      const after = await latestOf(dataset);
      expect(after === previous || (after !== undefined && after > (previous ?? '')), label).toBe(true);
    }
    const next = await spawnCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(next.code, `${next.stderr}\n${next.stdout}`).toBe(0);
    expect(await publishedProblems(dataset)).toEqual([]);
  });
});
