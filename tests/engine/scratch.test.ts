import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * Normalising copies each CSV to a scratch Parquet file and writes the resolved rows to another
 * (src/normalise/resolve-inputs.ts). Neither may outlive the run, whether it publishes or refuses
 * the input: nothing under the output folder but the caches, state and run records.
 */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('the scratch copies of a normalise run', () => {
  for (const [what, value, code] of [
    ['a run that publishes', '12.5', 0],
    ['a run that refuses a bad value', '12x', 3],
  ] as const)
    it(`are gone after ${what}`, async () => {
      const [raw, empty, out] = [await tempDir(), await tempDir(), await tempDir()];
      const csv = path.join(raw, 'figures.csv');
      await writeFile(csv, `indicator,region,period,value,unit\ngrp,Atyrau,2020,${value},million tenge\n`);
      const r = await runCli([
        'run',
        'observations',
        '--raw',
        empty,
        '--input',
        csv,
        '--out',
        out,
        '--offline',
      ]);
      expect(r.code, r.stderr).toBe(code);
      const left = await filesUnder(out);
      expect(
        left.filter((f) => f.split(path.sep).some((p) => p === '.scratch' || p.startsWith('.tmp-'))),
      ).toEqual([]);
      expect(left.filter((f) => f.endsWith('resolved.parquet'))).toEqual([]);
    });
});
