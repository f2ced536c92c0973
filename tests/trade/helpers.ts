import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Db, lit } from '../../src/core/duckdb.ts';
import { type RunSummary, runSummary } from '../../src/engine/run-summary.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/** Tidy-CSV text from a header and rows written as arrays, so a test reads like a table. */
export function csv(header: string, rows: (string | number)[][]): string {
  return `${[header, ...rows.map((r) => r.join(','))].join('\n')}\n`;
}

export interface TradeRun {
  code: number;
  stderr: string;
  out: string;
  summary?: RunSummary;
}

/**
 * Runs the trade pipeline on exactly the given inline files (an empty raw
 * folder: nothing bundled), as a user would with --input.
 */
export async function runTrade(files: Record<string, string>, args: string[] = []): Promise<TradeRun> {
  const dir = await tempDir('kzstat-trade-');
  const raw = path.join(dir, 'raw');
  await mkdir(raw);
  const inputs: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    inputs.push('--input', file);
  }
  const out = path.join(dir, 'out');
  const r = await runCli(['run', 'trade', '--raw', raw, ...inputs, '--out', out, '--json', ...args]);
  const summary = r.stdout.trim() ? runSummary.parse(JSON.parse(r.stdout)) : undefined;
  return { code: r.code, stderr: r.stderr, out, summary };
}

/** Rows of a published table of the latest trade version. */
export async function table<T extends Record<string, unknown>>(
  out: string,
  name: string,
  select = '*',
  where = 'true',
): Promise<T[]> {
  const db = await Db.open();
  try {
    const file = path.join(out, 'trade', 'latest', `${name}.parquet`);
    return await db.all<T>(`SELECT ${select} FROM read_parquet(${lit(file)}) WHERE ${where} ORDER BY ALL`);
  } finally {
    db.close();
  }
}

/** Numbers rounded for comparison with hand-computed values (display rounding, test only). */
export function round<T extends Record<string, unknown>>(rows: T[], digits = 6): T[] {
  return rows.map(
    (r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(digits)) : v,
        ]),
      ) as T,
  );
}
