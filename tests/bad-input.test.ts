import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { badCases } from './fixtures/bad/cases.ts';
import { bundled, runCli, tempDir } from './helpers/cli.ts';

/**
 * Every case of the bad-input corpus is refused with its exit code and a
 * message naming file and row/cell/field, and nothing is published: the
 * dataset's `latest` and its files stay exactly as the last good run left them.
 */
describe('bad input', () => {
  let out: string;
  let empty: string;
  let before: { latest: string; versions: string[]; datapackage: string };

  const snapshot = async () => ({
    latest: await readlink(path.join(out, 'observations', 'latest')),
    versions: (await readdir(path.join(out, 'observations'))).sort(),
    datapackage: await readFile(path.join(out, 'observations', 'latest', 'datapackage.json'), 'utf8'),
  });

  beforeAll(async () => {
    out = await tempDir();
    empty = await tempDir();
    const good = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      bundled('reference', 'rd_organisations_2009_2013.csv'),
      '--out',
      out,
    ]);
    expect(good.code, good.stderr).toBe(0);
    before = await snapshot();
  });

  it('has at least 25 cases', () => {
    expect(badCases.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of badCases)
    it(`${c.name}: exit ${c.exit}, named precisely, nothing published`, async () => {
      const dir = await tempDir('kzstat-bad-');
      const inputs = await c.make(dir);
      const r = await runCli([
        'run',
        'observations',
        '--raw',
        empty,
        ...inputs.flatMap((i) => ['--input', i]),
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(c.exit);
      for (const m of c.messages) expect(r.stderr).toMatch(m);
      expect(await snapshot()).toEqual(before);
    });
});
