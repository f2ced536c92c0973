import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { Workspace } from '../../src/engine/workspace.ts';
import { runCli, smallRaw, tempDir } from '../helpers/cli.ts';

const plan = async (raw: string, out: string) => {
  const r = await runCli(['plan', 'observations', '--raw', raw, '--out', out, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return runSummary.parse(JSON.parse(r.stdout)).pipelines[0]!.stages;
};

describe('the workspace', () => {
  it('records cache folders relative to itself, so an output folder moved whole stays cached', async () => {
    const [raw, parent] = [await smallRaw(), await tempDir()];
    const out = path.join(parent, 'out');
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const state = JSON.parse(await readFile(new Workspace(out).stateFile('observations'), 'utf8'));
    expect(state.stages.normalise.dir).toMatch(/^cache\/observations\/normalise\/[0-9a-f]{16}$/);
    expect(JSON.stringify(state)).not.toContain(out);

    const moved = path.join(parent, 'moved');
    await rename(out, moved);
    expect((await plan(raw, moved)).map((s) => s.status)).toEqual([
      'cached',
      'cached',
      'cached',
      'cached',
      'cached',
    ]);
  });

  it('takes a state file of the earlier format (no "format") as no earlier run, not as damage', async () => {
    const [raw, out] = [await smallRaw(), await tempDir()];
    expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
    const file = new Workspace(out).stateFile('observations');
    const { format: _, ...earlier } = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(earlier));
    expect((await plan(raw, out)).map((s) => `${s.status}: ${s.reason}`)).toEqual([
      'would run: no earlier run',
      'would run: no earlier run',
      'would run: no earlier run',
      'would run: no earlier run',
      'would run: no earlier run',
    ]);
  });
});
