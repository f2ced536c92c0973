import { spawn } from 'node:child_process';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { copyOfRaw, tempDir } from '../helpers/cli.ts';

function cron(args: string[], cwd = fromRoot()): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [fromRoot('scripts', 'cron.mjs'), ...args], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

/** cron's own logs; the run records (`<run_id>.json`) of kzstat run sit beside them */
const cronLogs = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('scripts/cron.mjs, the scheduled run', () => {
  it('publishes, then finishes quickly with nothing new; one JSON-lines log per run; keeps the last N', async () => {
    // a relative --out, as a crontab line written in the project's folder has it
    const [raw, cwd] = [await copyOfRaw(), await tempDir()];
    const out = path.join(cwd, 'out');
    const logs = path.join(out, '.kzstat', 'runs');
    const run = () =>
      cron(['--out', 'out', '--raw', raw, '--keep', '2', '--', 'observations', '--offline'], cwd);
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^kzstat: ok in [\d.]+ s; published observations \d{8}T\S+; (\d+) new warnings, 0 known; log /,
    );
    // cron mail shows the warnings in full the first time, grouped by kind
    expect(first.stdout).toMatch(/^\d+ warnings:\n {2}normalise \(\d+\)\n/m);

    const second = await run();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/nothing new to publish; 0 new warnings, (\d+) known; log /);
    // and only counted the next time
    expect(second.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^kzstat: ok/),
      expect.stringMatching(/^\d+ known warnings \(normalise \d+, .*\), see \S+\.kzstat\/runs\/\S+\.json$/),
    ]);
    const files = await cronLogs(logs);
    expect(files).toHaveLength(2);
    const log = await lines(path.join(logs, files[1]!));
    expect(log[0].event).toBe('start');
    const summary = log.find((l) => l.event === 'summary');
    expect(summary.published).toEqual([]);
    expect(summary.pipelines[0].stages.map((s: { status: string }) => s.status)).toEqual([
      'cached',
      'cached',
      'cached',
      'cached',
      'cached',
    ]);
    expect(log.at(-1)).toMatchObject({ event: 'end', exit_code: 0 });

    await run();
    expect(await cronLogs(logs)).toEqual([files[1], expect.any(String)]);
  });

  it("exits with the run's own code and logs the error", async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    await appendFile(
      path.join(raw, 'reference', 'rd_organisations_2009_2013.csv'),
      'rd_organisations,Atlantis,2013,1,count,\n',
    );
    const r = await cron(['--out', out, '--raw', raw, '--', 'observations', '--offline']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^kzstat: FAILED \(exit 3\)/);
    const [file] = await cronLogs(path.join(out, '.kzstat', 'runs'));
    const log = await lines(path.join(out, '.kzstat', 'runs', file!));
    expect(log.find((l) => l.event === 'summary').error.message).toMatch(/unknown region 'Atlantis'/);
    expect(log.some((l) => l.event === 'log' && l.level === 'error')).toBe(true);
    expect(log.at(-1)).toMatchObject({ event: 'end', exit_code: 3 });
  });
});
