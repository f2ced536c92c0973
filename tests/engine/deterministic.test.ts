import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * The same inputs give the same bits. A sum of doubles that DuckDB splits over
 * threads adds in whatever order the threads finish, and the last digit moves
 * from run to run: every forced re-run then published a "new" version of the
 * index datasets with no figure revised. Compute runs on one thread, so a
 * re-run with --force over the bundled data publishes nothing.
 */
describe('computing twice gives the same content', () => {
  it('kzstat run --force after a run publishes nothing, for every pipeline on the bundled data', async () => {
    const out = await tempDir();
    const first = await runCli(['run', '--offline', '--out', out, '--json']);
    expect(first.code, first.stderr).toBe(0);
    for (let i = 0; i < 2; i++) {
      const again = await runCli(['run', '--offline', '--force', '--out', out, '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(runSummary.parse(JSON.parse(again.stdout)).published).toEqual([]);
    }
  }, 300_000);
});
