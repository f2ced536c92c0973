import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { $ } from 'zx';

/**
 * One measured process: wall time from the driver, and peak resident memory
 * from GNU time (`/usr/bin/time -f %M`, Debian package `time`). GNU time
 * takes it from wait4's rusage, which the kernel keeps for the process and
 * every descendant it waited for, so a peak cannot fall between two samples
 * the way polling /proc/<pid>/status (VmHWM) can, and nothing is lost when a
 * process exits between polls. For a tree (npm -> sh -> node) it is the
 * largest single process, not the sum: kzstat and DuckDB run in one process,
 * so for the pipeline that is the figure that matters.
 */
export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  ms: number;
  /** peak resident set of the process (the largest process of its tree), MiB */
  rssMiB: number;
  code: number;
  stdout: string;
  stderr: string;
}

export async function requireGnuTime(): Promise<void> {
  try {
    await access(GNU_TIME);
  } catch {
    throw new Error(
      `${GNU_TIME} is missing: the bench reads peak memory from GNU time. Install it with: apt-get install time`,
    );
  }
}

export async function measure(
  command: string[],
  opts: { cwd?: string; env?: Record<string, string>; allowFail?: boolean } = {},
): Promise<Measured> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kzstat-bench-time-'));
  const out = path.join(tmp, 'rss');
  try {
    const t0 = performance.now();
    const p = await $({
      cwd: opts.cwd ?? process.cwd(),
      env: { ...process.env, ...opts.env },
      nothrow: true,
      quiet: true,
    })`${GNU_TIME} -f %M -o ${out} ${command}`;
    const ms = performance.now() - t0;
    const kb = Number((await readFile(out, 'utf8')).trim().split('\n').at(-1));
    const m = { ms, rssMiB: kb / 1024, code: p.exitCode ?? 1, stdout: p.stdout, stderr: p.stderr };
    if (m.code !== 0 && !opts.allowFail)
      throw new Error(`${command.join(' ')} exited ${m.code}:\n${m.stderr.slice(-3000)}`);
    return m;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function mib(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 1024 ? `${(x / 1024).toFixed(2)} GiB` : `${Math.round(x)} MiB`;
}
