import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { type RunSummary, runSummary } from '../../src/engine/run-summary.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (fast); the exit code is what the process would exit with. */
export async function runCli(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** Runs `bin/kzstat.js` as a separate process, as cron or a user would. */
export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> & { pid?: number } {
  const child = spawn(process.execPath, [fromRoot('bin', 'kzstat.js'), ...args], {
    cwd: opts.cwd ?? fromRoot(),
    env: { ...process.env, ...opts.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })),
  ) as Promise<CliResult> & { pid?: number };
  done.pid = child.pid;
  return done;
}

const made: string[] = [];
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export async function tempDir(prefix = 'kzstat-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A copy of the bundled raw folder, to change without touching the repository. */
export async function copyOfRaw(): Promise<string> {
  const d = await tempDir('kzstat-raw-');
  await cp(fromRoot('data', 'raw'), d, { recursive: true });
  return d;
}

export const bundled = (...p: string[]) => fromRoot('data', 'raw', ...p);

/** The run's --json summary, parsed and checked against its schema. */
export async function runJson(args: string[]): Promise<CliResult & { summary: RunSummary }> {
  const r = await runCli([...args, '--json']);
  return { ...r, summary: runSummary.parse(JSON.parse(r.stdout)) };
}

/** A run with nothing new: every stage of every pipeline cached, nothing published. */
export function expectNothingNew(summary: RunSummary): void {
  for (const p of summary.pipelines)
    expect(
      p.stages.map((s) => s.status),
      p.name,
    ).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
  expect(summary.published).toEqual([]);
}

/**
 * A raw folder with one small real file: the bundled table of R&D organisations by region, 2009-2013
 * (Kireeva, c. 2015, table 1), declared as tidy CSV. Enough for a whole run in well under a second.
 */
export async function smallRaw(): Promise<string> {
  const raw = await tempDir('kzstat-raw-');
  await cp(bundled('reference', 'rd_organisations_2009_2013.csv'), path.join(raw, 'rd.csv'));
  await writeFile(
    path.join(raw, 'sources.json'),
    JSON.stringify({
      sources: [
        {
          path: 'rd.csv',
          reader: 'tidy-csv',
          indicators: ['rd_organisations'],
          provenance: { publisher: 'Kireeva (c. 2015), table 1' },
        },
      ],
    }),
  );
  return raw;
}

/**
 * Revises one figure of the bundled R&D table (Kireeva, table 1): Akmola's 2013 count of R&D
 * organisations, 12 as published, becomes `to`. A revision of one input the tests can make and undo.
 */
export async function reviseAkmola2013(csv: string, to: number): Promise<void> {
  const text = await readFile(csv, 'utf8');
  const revised = text.replace(
    /^rd_organisations,Akmola Region,2013,\d+,/m,
    `rd_organisations,Akmola Region,2013,${to},`,
  );
  if (revised === text) throw new Error(`${csv}: no row for Akmola 2013 to revise`);
  await writeFile(csv, revised);
}
