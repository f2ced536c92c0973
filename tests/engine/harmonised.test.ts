import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

describe('observations.harmonised: one set of borders for a continuous series', async () => {
  const out = await tempDir();
  const run = await runCli(['run', 'observations', '--offline', '--out', out, '--json']);
  const db = await Db.open();
  afterAll(() => db.close());
  await db.run(`CREATE VIEW h AS SELECT * FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'harmonised', '*.parquet'))});
                CREATE VIEW o AS SELECT * FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})`);
  const pop = (kato: string, period: string) =>
    db.one<{ value: number; harmonised_from: string | null }>(
      `SELECT value, harmonised_from FROM h WHERE indicator = 'population' AND region_kato = $kato AND period = $period`,
      { kato, period },
    );
  const published = async (kato: string, period: string) =>
    (
      await db.one<{ value: number }>(
        `SELECT value FROM o WHERE indicator = 'population' AND region_kato = $kato AND period = $period`,
        { kato, period },
      )
    )?.value;

  it('runs', () => expect(run.code, run.stderr).toBe(0));

  it('sums Turkestan and Shymkent into South Kazakhstan after the 2018 split', async () => {
    const sum = (await published('610000000', '2020'))! + (await published('790000000', '2020'))!;
    expect(await pop('510000000', '2020')).toEqual({
      value: sum,
      harmonised_from: expect.stringMatching(/^sum of 610000000=\d+ \+ 790000000=\d+ \(2018 borders\)$/),
    });
    expect((await pop('510000000', '2016'))?.value).toBe(await published('510000000', '2016'));
  });

  it('sums the 2022 splits back into their parents', async () => {
    expect((await pop('190000000', '2023'))?.value).toBe(
      (await published('190000000', '2023'))! + (await published('330000000', '2023'))!,
    );
    expect((await pop('350000000', '2023'))?.value).toBe(
      (await published('350000000', '2023'))! + (await published('620000000', '2023'))!,
    );
    expect((await pop('630000000', '2023'))?.value).toBe(
      (await published('630000000', '2023'))! + (await published('100000000', '2023'))!,
    );
    expect(await pop('100000000', '2023')).toBeUndefined();
    expect((await pop('190000000', '2021'))?.harmonised_from).toBe('same territory on 2018 borders');
  });

  it('gives a continuous series: the 16 units of 1997 add up to the Republic in every year 2000-2023', async () => {
    const years = await db.all<{ period: string; units: number; gap: number }>(`
      SELECT period, count(*) FILTER (WHERE region_kato <> '000000000')::INTEGER AS units,
             sum(value) FILTER (WHERE region_kato <> '000000000') - max(value) FILTER (WHERE region_kato = '000000000') AS gap
      FROM h WHERE indicator = 'population' AND value IS NOT NULL GROUP BY period ORDER BY period`);
    expect(years).toHaveLength(24);
    for (const y of years) expect(y, y.period).toEqual({ period: y.period, units: 16, gap: 0 });
  });

  it("keeps a table's own figure where it prints the whole and its pieces (GRP 2011)", async () => {
    const r = await db.one<{ value: number; harmonised_from: string | null }>(
      `SELECT value, harmonised_from FROM h WHERE indicator = 'grp' AND region_kato = '510000000' AND period = '2011'`,
    );
    expect(r).toEqual({ value: 1512565.3, harmonised_from: null });
  });

  it('refuses to sum ratios and says so in the run report', async () => {
    expect(
      await db.one(
        `SELECT * FROM h WHERE indicator = 'researchers_per_million' AND region_kato = '510000000' AND period = '2020'`,
      ),
    ).toBeUndefined();
    expect(
      (
        await db.one<{ value: number }>(
          `SELECT value FROM h WHERE indicator = 'researchers_per_million' AND region_kato = '510000000' AND period = '2015'`,
        )
      )?.value,
    ).toBeGreaterThan(0);
    const warnings = runSummary.parse(JSON.parse(run.stdout)).warnings.map((w) => w.message);
    expect(warnings.join('\n')).toMatch(
      /harmonised \(1997 borders\) leaves out \d+ figures of merged territories, a ratio: .*researchers_per_million/,
    );
  });

  it("--param harmonise_to=2022 puts figures on today's borders, leaving out what cannot be split", async () => {
    const out2 = await tempDir();
    const r = await runCli([
      'run',
      'observations',
      '--offline',
      '--out',
      out2,
      '--param',
      'harmonise_to=2022',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await db.all<{ region_kato: string; period: string }>(
      `SELECT region_kato, period FROM read_parquet(${lit(path.join(out2, 'observations', 'latest', 'harmonised', '*.parquet'))})
       WHERE indicator = 'population' AND region_kato IN ('190000000', '510000000') AND value IS NOT NULL ORDER BY ALL`,
    );
    expect(rows.map((x) => `${x.region_kato} ${x.period}`)).toEqual(['190000000 2022', '190000000 2023']);
    const bad = await runCli([
      'run',
      'observations',
      '--offline',
      '--out',
      out2,
      '--param',
      'harmonise_to=2019',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --param for observations: harmonise_to/);
  });
});
