import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { runCli, smallRaw, spawnCli, tempDir } from '../helpers/cli.ts';

const statuses = (stdout: string) =>
  runSummary.parse(JSON.parse(stdout)).pipelines[0]!.stages.map((s) => `${s.name}:${s.status}`);

describe('stage caching, plan, --only and --from', () => {
  it('plan says why each stage would run, and that nothing would after a run', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    const before = await runCli(['plan', 'observations', '--raw', raw, '--out', out, '--json']);
    expect(before.code, before.stderr).toBe(0);
    const plan = runSummary.parse(JSON.parse(before.stdout)).pipelines[0]!.stages;
    expect(plan.map((s) => s.status)).toEqual([
      'would run',
      'would run',
      'would run',
      'would run',
      'would run',
    ]);
    expect(plan[0]!.reason).toBe('no earlier run');

    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const after = await runCli(['plan', 'observations', '--raw', raw, '--out', out, '--json']);
    expect(statuses(after.stdout)).toEqual([
      'extract:cached',
      'normalise:cached',
      'compute:cached',
      'check:cached',
      'publish:cached',
    ]);
  });

  it('a changed input re-runs what depends on it, and plan names the file', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    await appendFile(path.join(raw, 'rd.csv'), 'rd_organisations,Akmola Region,2014,13,count,revised\n');
    const plan = await runCli(['plan', 'observations', '--raw', raw, '--out', out, '--json']);
    const stages = runSummary.parse(JSON.parse(plan.stdout)).pipelines[0]!.stages;
    expect(stages[0]!.reason).toBe('input rd.csv changed');
    expect(stages[1]!.reason).toBe('the output of extract changed');
    const run = await runCli(['run', 'observations', '--raw', raw, '--out', out, '--json']);
    expect(statuses(run.stdout)).toEqual([
      'extract:ran',
      'normalise:ran',
      'compute:ran',
      'check:ran',
      'publish:ran',
    ]);
    expect(runSummary.parse(JSON.parse(run.stdout)).published).toHaveLength(1);
  });

  it('a stage whose output was deleted runs again, and plan says why', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const state = JSON.parse(await readFile(path.join(out, '.kzstat', 'state', 'observations.json'), 'utf8'));
    const { rm } = await import('node:fs/promises');
    await rm(path.join(out, '.kzstat', state.stages.normalise.dir), { recursive: true });
    const plan = runSummary.parse(
      JSON.parse((await runCli(['plan', 'observations', '--raw', raw, '--out', out, '--json'])).stdout),
    );
    expect(plan.pipelines[0]!.stages[1]).toMatchObject({
      status: 'would run',
      reason: 'cached output damaged: observations/part-00000.parquet is missing',
    });
  });

  it('--only runs one stage on the cached outputs of the earlier ones', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', out, '--only', 'check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)).toEqual([
      'extract:cached',
      'normalise:cached',
      'compute:cached',
      'check:ran',
      'publish:skipped',
    ]);
  });

  it('--only refuses to run on earlier stages that are out of date', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    await appendFile(path.join(raw, 'rd.csv'), 'rd_organisations,Akmola Region,2014,13,count,revised\n');
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', out, '--only', 'compute']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stage extract is out of date \(input rd\.csv changed\)/);
  });

  it('--from re-runs a stage and the ones after it, even when cached', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--from',
      'compute',
      '--json',
    ]);
    expect(statuses(r.stdout)).toEqual([
      'extract:cached',
      'normalise:cached',
      'compute:ran',
      'check:ran',
      'publish:ran',
    ]);
    expect(runSummary.parse(JSON.parse(r.stdout)).pipelines[0]!.stages[2]!.reason).toBe(
      'forced by --from compute',
    );
    expect(runSummary.parse(JSON.parse(r.stdout)).published).toEqual([]);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['run', 'nosuch'], /unknown pipeline 'nosuch'/],
    [['run', '--only', 'bake'], /argument 'bake' is invalid/],
    [
      ['run', '--only', 'check', '--from', 'compute', '--out', os.tmpdir()],
      /--only and --from cannot be combined/,
    ],
    [['run', '--input', 'x=y=z#colour=red'], /unknown option 'colour'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [
      ['run', 'observations', '--param', 'harmonize_to=2018', '--out', os.tmpdir()],
      /unknown parameter 'harmonize_to' \(parameters: observations\.harmonise_to\)/,
    ],
    [['run', '--raw', '/nonexistent-raw', '--out', `${os.tmpdir()}/kz-usage`], /no inputs for observations/],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('the run lock', () => {
  it('a second run while one holds the lock exits 6 naming the holder', async () => {
    const out = await tempDir();
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(out, '.kzstat'), { recursive: true }));
    // A live process (this test's parent) holds the lock.
    await writeFile(
      path.join(out, '.kzstat', 'lock'),
      JSON.stringify({
        pid: process.ppid,
        host: os.hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        command: 'run',
      }),
    );
    const r = await runCli(['run', 'observations', '--offline', '--out', out, '--json']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      new RegExp(`another run holds the lock .*PID ${process.ppid} on ${os.hostname()}`),
    );
    expect(JSON.parse(r.stdout).error.code).toBe(6);
  });

  it('a stale lock (its process is gone) is taken over', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(out, '.kzstat'), { recursive: true }));
    const dead = spawnCli(['--version']);
    await dead;
    await writeFile(
      path.join(out, '.kzstat', 'lock'),
      JSON.stringify({
        pid: dead.pid,
        host: os.hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        command: 'run',
      }),
    );
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`took over a stale lock of PID ${dead.pid}`));
  });

  it('two runs started together: one runs, the other exits 6 naming the PID of the first', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    const a = spawnCli(['run', 'observations', '--raw', raw, '--out', out]);
    const b = spawnCli(['run', 'observations', '--raw', raw, '--out', out]);
    const results = await Promise.all([a, b]);
    const codes = results.map((r) => r.code).sort();
    // Either they overlapped (0 and 6) or one finished before the other began (0 and 0).
    if (codes[1] === 6) {
      const loser = results.find((r) => r.code === 6)!;
      const winnerPid = results[0]!.code === 0 ? a.pid : b.pid;
      expect(loser.stderr).toMatch(new RegExp(`PID ${winnerPid}`));
    } else expect(codes).toEqual([0, 0]);
  });
});

describe('diagnostics', () => {
  it('--log-format json writes JSON lines on stderr and stdout stays results only', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--log-format',
      'json',
      '--json',
    ]);
    expect(r.code).toBe(0);
    JSON.parse(r.stdout);
    for (const line of r.stderr.trim().split('\n').filter(Boolean))
      expect(() => JSON.parse(line)).not.toThrow();
  });

  it('no progress display when stderr is not a terminal', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    const r = await spawnCli(['run', 'observations', '--raw', raw, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr.includes('\r') || r.stderr.includes('\u001b[')).toBe(false);
  });

  // util-linux `script` gives the command a pseudo-terminal, as a person at a terminal has.
  it.skipIf(!existsSync('/usr/bin/script'))('a status line per stage on a terminal', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    const cmd = `${process.execPath} ${fromRoot('bin', 'kzstat.js')} run observations --raw ${raw} --out ${out}`;
    const r = await new Promise<string>((resolve) =>
      execFile('/usr/bin/script', ['-qec', cmd, '/dev/null'], (_e, stdout) => resolve(stdout)),
    );
    expect(r).toMatch(/✓ observations ▸ normalise ran 85 rows/);
    expect(r).toContain('\u001b[2K');
  });
});
