import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { loadSharedMacros } from '../../src/models/macros.ts';

/**
 * The structure checks on small inline tables (SYNTHETIC rows that break
 * one rule each), so each check is seen to fire; the indices tests show
 * they stay quiet on correct tables.
 */
let db: Db;
const check = async (name: string) =>
  (
    await db.all<{ message: string }>(
      (
        await readFile(fromRoot('pipelines', 'structure', 'checks', `${name}.sql`), 'utf8')
      ).replace(/;\s*$/, ''),
    )
  ).map((r) => r.message);

beforeAll(async () => {
  db = await Db.open();
  await loadSharedMacros(db);
  await db.run(`
    CREATE TABLE location_quotients AS SELECT * FROM (VALUES
      ('110000000', 2020, 'A', 10.0, 60.0, 50.0, 1.2),
      ('110000000', 2020, 'B', 10.0, 50.0, 50.0, 1.0),   -- shares 60 + 50 = 110 %
      ('150000000', 2020, 'A', -5.0, -10.0, 50.0, -0.2), -- a negative section
      ('150000000', 2020, 'B', 55.0, 110.0, 50.0, 2.2)
    ) t(region_kato, year, industry, gva, share_region, share_country, lq);
    CREATE TABLE specialisation AS SELECT * FROM (VALUES
      ('110000000', 2020, 2, 1.2, 0.5, 0.5, 1.0),
      ('150000000', 2020, 2, 0.5, 2.5, 1.5, 1.5)         -- HHI above 1, Krugman above 2, Hachman above 1, entropy above log2(2)
    ) t(region_kato, year, industries, hhi, krugman, hachman, entropy);
    CREATE TABLE inequality AS SELECT * FROM (VALUES (2020, 0.3, 0.1, 0.1, 0.2, 0.3), (2021, 1.0, 0.1, 0.1, 0.2, 0.3))
      t(year, gini, cv, theil, mld, sigma);
    CREATE TABLE grp_per_capita AS SELECT * FROM (VALUES
      ('230000000', 2022, 19974.1, 20541.2, -2.76),
      ('750000000', 2022, 8985.6, 8944.8, 0.46)
    ) t(region_kato, year, grp_per_capita, published_grp_per_capita, difference_pct);`);
});
afterAll(() => db.close());

describe('structure checks', () => {
  it('shares_sum_to_100 names the region-year whose shares do not add up, and the national shares', async () => {
    expect(await check('shares_sum_to_100')).toEqual([
      'location_quotients: the shares of 110000000 in 2020 add up to 110.0 %, not 100',
    ]);
  });

  it('index_ranges names each index outside its range and a negative section', async () => {
    expect((await check('index_ranges')).sort()).toEqual(
      [
        'specialisation 110000000 2020: hhi = 1.2 outside (0, 1]',
        'specialisation 150000000 2020: krugman = 2.5 outside [0, 2]',
        'specialisation 150000000 2020: hachman = 1.5 outside (0, 1]',
        'specialisation 150000000 2020: entropy = 1.5 bits outside [0, log2(2)]',
        'location_quotients 150000000 2020 section A: gross value added -5 is negative; shares, LQs and entropies need non-negative parts (give the section as missing, or leave it out)',
        'inequality 2021: gini = 1.0 outside [0, 1)',
      ].sort(),
    );
  });

  it('grp_per_capita_vs_published warns beyond 1 %', async () => {
    expect(await check('grp_per_capita_vs_published')).toEqual([
      'grp_per_capita 230000000 2022: computed 19974.1 thousand tenge, published 20541.2 (-2.76 %)',
    ]);
  });
});
