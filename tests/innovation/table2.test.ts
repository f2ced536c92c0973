import { describe, expect, it } from 'vitest';
import { lit } from '../../src/core/duckdb.ts';
import { bundled } from '../helpers/cli.ts';
import { pipelineDb, runSqlFile } from './helpers.ts';

/**
 * Kireeva (c. 2015), table 2 ("Final indexes of regional innovation development in the
 * regions of Kazakhstan for 2012"). The paper prints the scores but not the
 * six indicator values behind them (only the R&D organisations of table 1;
 * the activity group is not published anywhere we have), so the scores
 * themselves cannot be recomputed. What can be checked: the published scores,
 * fed through pipelines/innovation/models/innovation_rating.sql with the default
 * parameters, give back every printed assessment and class, and the order.
 */
type Row = {
  region_kato: string;
  region: string;
  score: number;
  assessment: string;
  class: string;
  rank: number;
  published_assessment: string;
  published_class: string;
  relative_to_average: number;
  eris_group: string;
};

async function table2(): Promise<Row[]> {
  const db = await pipelineDb();
  try {
    // The printed table, regions resolved by the registry's aliases ("Jambyl Region" is Zhambyl).
    await db.run(`CREATE TABLE published AS
      SELECT a.kato AS region_kato, p.region, p.year::INTEGER AS year, p.score::DOUBLE AS score,
             p.assessment, p.class
      FROM read_csv(${lit(bundled('reference', 'innovation_rating_2012_published.csv'))}, all_varchar = true) p
      JOIN (SELECT DISTINCT alias_key, kato FROM region_aliases) a ON a.alias_key = fold_label(p.region)`);
    await db.run('CREATE TABLE rating_scores AS SELECT region_kato, year, score FROM published');
    await runSqlFile(db, 'innovation_rating');
    return await db.all<Row>(`
      SELECT r.region_kato, p.region, r.score, r.assessment, r.class, r.rank::INTEGER AS rank,
             p.assessment AS published_assessment, p.class AS published_class, r.relative_to_average, r.eris_group
      FROM innovation_rating r JOIN published p USING (region_kato)
      ORDER BY r.rank, r.region_kato`);
  } finally {
    db.close();
  }
}

describe('Kireeva, table 2 through innovation_rating.sql', async () => {
  const rows = await table2();

  it('resolves all 16 printed regions', () => {
    expect(rows).toHaveLength(16);
  });

  it('gives back every printed (score, assessment, class) and the printed order', () => {
    // region                    score  assessment      class rank   (as printed in the paper)
    const expected: [string, number, string, string, number][] = [
      ['city of Almaty', 60.1, 'above medium', 'B', 1],
      ['city of Astana', 55.22, 'medium', 'B', 2],
      ['Atyrau Region', 40.08, 'medium', 'B', 3],
      ['Pavlodar Region', 35.61, 'low', 'C', 4],
      ['Mangystau Region', 35.25, 'low', 'C', 5],
      ['East Kazakhstan Region', 33.22, 'low', 'C', 6],
      ['Karaganda Region', 28.14, 'low', 'C', 7],
      ['Aktobe Region', 26.79, 'low', 'C', 8],
      ['Jambyl Region', 24.31, 'low', 'C', 9],
      ['Kostanay Region', 22.91, 'low', 'C', 10],
      ['North Kazakhstan Region', 22.87, 'low', 'C', 11],
      ['West Kazakhstan Region', 22.06, 'low', 'C', 12],
      ['South Kazakhstan Region', 21.43, 'low', 'C', 13],
      ['Kyzylorda Region', 21.16, 'low', 'C', 14],
      ['Akmola Region', 18.9, 'very low', 'D', 15],
      ['Almaty Region', 18.51, 'very low', 'D', 16],
    ];
    expect(rows.map((r) => [r.region, r.score, r.assessment, r.class, r.rank])).toEqual(expected);
    for (const r of rows) {
      expect(r.assessment).toBe(r.published_assessment.toLowerCase());
      expect(r.class).toBe(r.published_class);
    }
    expect(rows.filter((r) => r.class === 'A')).toEqual([]);
  });

  it('places the regions in the RIS groups against the 2012 mean of 30.41', () => {
    // mean = 486.56 / 16 = 30.41; relative = score / 30.41 * 100
    const expected: [string, number, string][] = [
      ['city of Almaty', 197.63, 'leader'],
      ['city of Astana', 181.59, 'leader'],
      ['Atyrau Region', 131.8, 'leader'],
      ['Pavlodar Region', 117.1, 'strong'],
      ['Mangystau Region', 115.92, 'strong'],
      ['East Kazakhstan Region', 109.24, 'strong'],
      ['Karaganda Region', 92.54, 'moderate'],
      ['Aktobe Region', 88.1, 'moderate'],
      ['Jambyl Region', 79.94, 'moderate'],
      ['Kostanay Region', 75.34, 'moderate'],
      ['North Kazakhstan Region', 75.21, 'moderate'],
      ['West Kazakhstan Region', 72.54, 'moderate'],
      ['South Kazakhstan Region', 70.47, 'moderate'],
      ['Kyzylorda Region', 69.58, 'emerging'],
      ['Akmola Region', 62.15, 'emerging'],
      ['Almaty Region', 60.87, 'emerging'],
    ];
    expect(rows.map((r) => [r.region, Math.round(r.relative_to_average * 100) / 100, r.eris_group])).toEqual(
      expected,
    );
  });
});

describe('innovation_rating.sql edge cases (synthetic scores)', () => {
  async function rate(scores: [string, number, number | null][], params: Record<string, unknown> = {}) {
    const db = await pipelineDb(params);
    try {
      await db.run(
        `CREATE TABLE rating_scores AS SELECT * FROM (VALUES ${scores
          .map(([k, y, s]) => `('${k}', ${y}, ${s === null ? 'NULL::DOUBLE' : s})`)
          .join(', ')}) t(region_kato, year, score)`,
      );
      await runSqlFile(db, 'innovation_rating');
      return await db.all<Record<string, unknown>>(
        `SELECT region_kato, score, assessment, class, rank::INTEGER AS rank, round(relative_to_average, 6) AS rel, eris_group
         FROM innovation_rating ORDER BY year, region_kato`,
      );
    } finally {
      db.close();
    }
  }

  it('puts the class boundaries where docs/methods.md does, ties share a rank, no score has no class', async () => {
    // synthetic: scores on and beside each threshold; two regions tie at 60
    const rows = await rate([
      ['110000000', 2020, 100],
      ['150000000', 2020, 80],
      ['190000000', 2020, 79.99],
      ['230000000', 2020, 60],
      ['270000000', 2020, 60],
      ['310000000', 2020, 40],
      ['350000000', 2020, 39.99],
      ['390000000', 2020, 20],
      ['430000000', 2020, 19.99],
      ['470000000', 2020, 0],
      ['550000000', 2020, null],
    ]);
    expect(rows.map((r) => [r.region_kato, r.score, r.assessment, r.class, r.rank])).toEqual([
      ['110000000', 100, 'high', 'A', 1],
      ['150000000', 80, 'high', 'A', 2],
      ['190000000', 79.99, 'above medium', 'B', 3],
      ['230000000', 60, 'above medium', 'B', 4],
      ['270000000', 60, 'above medium', 'B', 4],
      ['310000000', 40, 'medium', 'B', 6],
      ['350000000', 39.99, 'low', 'C', 7],
      ['390000000', 20, 'low', 'C', 8],
      ['430000000', 19.99, 'very low', 'D', 9],
      ['470000000', 0, 'very low', 'D', 10],
      ['550000000', null, null, null, null],
    ]);
  });

  it('RIS groups: > 125 % leader, [100, 125] strong, [70, 100) moderate, < 70 % emerging', async () => {
    // synthetic: mean = (52 + 50 + 42.4 + 40 + 28 + 27.6) / 6 = 40
    const rows = await rate([
      ['110000000', 2020, 52],
      ['150000000', 2020, 50],
      ['190000000', 2020, 42.4],
      ['230000000', 2020, 40],
      ['270000000', 2020, 28],
      ['310000000', 2020, 27.6],
    ]);
    expect(rows.map((r) => [r.region_kato, r.rel, r.eris_group])).toEqual([
      ['110000000', 130, 'leader'],
      ['150000000', 125, 'strong'],
      ['190000000', 106, 'strong'],
      ['230000000', 100, 'strong'],
      ['270000000', 70, 'moderate'],
      ['310000000', 69, 'emerging'],
    ]);
  });

  it('takes its thresholds from the parameters', async () => {
    const rows = await rate([['110000000', 2020, 70]], { threshold_high: 70 });
    expect(rows.map((r) => [r.assessment, r.class])).toEqual([['high', 'A']]);
  });

  it('a year whose scores are all 0 has no relative value (no division by zero)', async () => {
    const rows = await rate([
      ['110000000', 2020, 0],
      ['150000000', 2020, 0],
    ]);
    expect(rows.map((r) => [r.rank, r.rel, r.eris_group])).toEqual([
      [1, null, null],
      [1, null, null],
    ]);
  });
});
