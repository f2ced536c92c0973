import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { runOnCsv, tidyCsv } from './helpers.ts';

/**
 * Bad figures stop the run at the check stage (exit 4), naming region, year
 * and value, and publish nothing: `latest` stays on the version before.
 * SYNTHETIC inputs.
 */
describe('bad input to innovation', async () => {
  const out = await tempDir();
  const good = await runOnCsv(
    await tidyCsv(['rd_organisations,110000000,2013,12,count,', 'rd_organisations,150000000,2013,13,count,']),
    out,
  );
  const before = await readlink(path.join(out, 'innovation', 'latest'));

  const cases: [string, string, RegExp][] = [
    [
      'a negative count',
      'rd_organisations,110000000,2013,-3,count,',
      /rd_organisations for 110000000 2013 is -3, below the minimum 0/,
    ],
    [
      'a percentage over 100',
      'rd_expenditure_pct_grp,150000000,2013,140,percent,',
      /rd_expenditure_pct_grp for 150000000 2013 is 140, above the maximum 100/,
    ],
    [
      'a percent indicator given as a count',
      'innovation_active_enterprises_pct,750000000,2013,7,count,',
      /innovation_active_enterprises_pct for 750000000 2013 is 7 count, but innovation_active_enterprises_pct is measured in percent/,
    ],
  ];

  it('the good run published a version', () => {
    expect(good.code, good.stderr).toBe(0);
  });

  for (const [what, line, message] of cases)
    it(`${what}: exit 4 naming region, year and value; nothing published`, async () => {
      const run = await runOnCsv(await tidyCsv(['rd_organisations,710000000,2013,52,count,', line]), out);
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toMatch(message);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'failed', published: [], error: { code: 4 } });
      expect(await readlink(path.join(out, 'innovation', 'latest'))).toBe(before);
      expect(
        (await readdir(path.join(out, 'innovation'))).filter((d) => !['latest', 'LATEST'].includes(d)),
      ).toEqual([before]);
    });

  it('inputs without any of its indicators: exit 3 naming what it needs', async () => {
    const run = await runOnCsv(await tidyCsv(['population,110000000,2013,736000,persons,']), out);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /no value of any of its indicators \(rd_organisations, researchers_per_million/,
    );
  });
});
