import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/core/duckdb.ts';
import { contractTable, modelDb, pick, type Row, rounded, runModel, table } from '../helpers.ts';

const dbs: Db[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
});

// Synthetic regions and figures (not the BNS's).
const A = '110000000';
const B = '150000000';
const C = '710000000';
const D = '630000000';

const IND = {
  rd_organisations: ['conditions', 1],
  researchers_per_million: ['conditions', 2],
  innovation_active_enterprises_pct: ['activity', 4],
  innovative_products_pct_grp: ['activity', 5],
} as const;

/** A used figure of rating_inputs: x (value), its nominal normalised value, and a treated value where treatment set one. */
const input = (
  region_kato: string,
  indicator: keyof typeof IND,
  value: number,
  normalised: number | null,
  extra: Row = {},
) => ({
  region_kato,
  year: 2022,
  indicator,
  group: IND[indicator][0],
  position: IND[indicator][1],
  value,
  normalised,
  used: normalised !== null,
  ...extra,
});

type Scenario = [number, string, string | null, string, string, number, boolean];

async function draws(
  params: Row,
  inputs: Row[],
  rating: { region_kato: string; score: number | null; rank: number | null }[],
  scenarios: Scenario[],
): Promise<{ db: Db; rows: Row[] }> {
  const db = await modelDb('innovation', params);
  dbs.push(db);
  await contractTable(db, 'innovation', 'rating_inputs', inputs);
  await contractTable(
    db,
    'innovation',
    'innovation_rating',
    rating.map((r) => ({ ...r, year: 2022 })),
  );
  await table(
    db,
    'rating_scenarios',
    scenarios.map(([scenario, assumption, level, norm, agg, left_out, perturbed]) => ({
      scenario,
      assumption,
      level,
      norm,
      agg,
      left_out,
      perturbed,
    })),
    { level: 'VARCHAR' },
  );
  const rows = await runModel(db, 'innovation', 'rating_draws');
  return { db, rows: rounded(pick(rows, ['scenario', 'region_kato', 'score', 'rank', 'class']), 6) };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const out = (
  scenario: number,
  region_kato: string,
  score: number | null,
  rank: number | null,
  cls: string | null,
) => ({
  scenario,
  region_kato,
  score: score === null ? null : r6(score),
  rank,
  class: cls,
});

describe('rating_draws: score, rank and class of each rated region under each scenario', () => {
  it('each normalisation recomputed over the rated regions; geometric and harmonic on values rescaled onto [1, 100]', async () => {
    // rd_organisations x: A 10, B 20, C 30 (D, unrated: 1000, kept out of every bound)
    //   minmax 0, 50, 100; z: mean 20, s 10 -> -1, 0, 1; percent rank 0, 50, 100
    // innovation_active_enterprises_pct x: A 30, B 10, C 30 (C's treated value; its published 999 is not used)
    //   minmax 100, 0, 100; z: mean 70/3, s 20/sqrt(3) -> A, C 1/sqrt(3), B -2/sqrt(3);
    //   percent rank: B 0, A and C tie at rank 2 of 3 -> (2 - 1) / (3 - 1) * 100 = 50
    // A's innovative_products_pct_grp is not used and takes no part.
    const { rows } = await draws(
      {},
      [
        input(A, 'rd_organisations', 10, 0),
        input(B, 'rd_organisations', 20, 50),
        input(C, 'rd_organisations', 30, 100),
        input(D, 'rd_organisations', 1000, 100),
        input(A, 'innovation_active_enterprises_pct', 30, 100),
        input(B, 'innovation_active_enterprises_pct', 10, 0),
        input(C, 'innovation_active_enterprises_pct', 999, 100, { treated_value: 30 }),
        input(D, 'innovation_active_enterprises_pct', -1000, 0),
        input(A, 'innovative_products_pct_grp', 7, null),
      ],
      [
        { region_kato: A, score: 50, rank: 2 },
        { region_kato: B, score: 25, rank: 3 },
        { region_kato: C, score: 100, rank: 1 },
        { region_kato: D, score: null, rank: null },
      ],
      [
        [1, 'weights', null, 'nominal', 'arithmetic', 0, false],
        [2, 'normalisation', 'minmax', 'minmax', 'arithmetic', 0, false],
        [3, 'normalisation', 'zscore', 'zscore', 'arithmetic', 0, false],
        [4, 'normalisation', 'rank', 'rank', 'arithmetic', 0, false],
        [5, 'joint', null, 'minmax', 'geometric', 0, false],
        [6, 'joint', null, 'zscore', 'harmonic', 0, false],
      ],
    );
    const s3 = Math.sqrt(3);
    expect(rows).toEqual([
      // nominal and min-max, arithmetic: A (0 + 100) / 2 = 50, B (50 + 0) / 2 = 25, C (100 + 100) / 2 = 100;
      // classes by 80/40/20: B, C, A. D has no published score: not in any draw.
      out(1, A, 50, 2, 'B'),
      out(1, B, 25, 3, 'C'),
      out(1, C, 100, 1, 'A'),
      out(2, A, 50, 2, 'B'),
      out(2, B, 25, 3, 'C'),
      out(2, C, 100, 1, 'A'),
      // z-scores: A (-1 + 1/sqrt 3) / 2, B (0 - 2/sqrt 3) / 2, C (1 + 1/sqrt 3) / 2; no class (not on 0..100)
      out(3, A, (-1 + 1 / s3) / 2, 2, null),
      out(3, B, -1 / s3, 3, null),
      out(3, C, (1 + 1 / s3) / 2, 1, null),
      // percent rank: A (0 + 50) / 2 = 25, B (50 + 0) / 2 = 25, C (100 + 50) / 2 = 75; A and B tie at rank 2
      out(4, A, 25, 2, 'C'),
      out(4, B, 25, 2, 'C'),
      out(4, C, 75, 1, 'B'),
      // min-max has a 0, so 1 + 99 v / 100: rd_organisations 1, 50.5, 100; activity 100, 1, 100;
      // geometric, weights 0.5 each: sqrt(G_c G_a): A sqrt(1 * 100) = 10, B sqrt(50.5 * 1), C 100
      out(5, A, 10, 2, 'D'),
      out(5, B, Math.sqrt(50.5), 3, 'D'),
      out(5, C, 100, 1, 'A'),
      // z rescaled: rd_organisations (-1, 0, 1) -> 1, 50.5, 100; activity (1, -2, 1)/sqrt 3 -> 100, 1, 100;
      // harmonic 2 / (1/G_c + 1/G_a): A 2 / (1 + 1/100), B 2 / (1/50.5 + 1), C 100; a class, as the mean is not arithmetic
      out(6, A, 2 / (1 + 1 / 100), 2, 'D'),
      out(6, B, 2 / (1 / 50.5 + 1), 3, 'D'),
      out(6, C, 100, 1, 'A'),
    ]);
  });

  // A: rd_organisations 20, researchers_per_million 60, activity 90; B: rd_organisations 80 only;
  // C: rd_organisations 50, activity 10. x = the nominal normalised value.
  const coverage = [
    input(A, 'rd_organisations', 20, 20),
    input(A, 'researchers_per_million', 60, 60),
    input(A, 'innovation_active_enterprises_pct', 90, 90),
    input(B, 'rd_organisations', 80, 80),
    input(C, 'rd_organisations', 50, 50),
    input(C, 'innovation_active_enterprises_pct', 10, 10),
  ];
  const rated = [
    { region_kato: A, score: 65, rank: 2 },
    { region_kato: B, score: 80, rank: 1 },
    { region_kato: C, score: 30, rank: 3 },
  ];

  it('a left-out position drops its indicator, a group without indicators drops out, a region without any is unranked', async () => {
    const { rows } = await draws({}, coverage, rated, [
      [1, 'weights', null, 'nominal', 'arithmetic', 0, false],
      [2, 'left_out', '1', 'nominal', 'arithmetic', 1, false],
      [3, 'left_out', '2', 'nominal', 'arithmetic', 2, false],
      [4, 'left_out', '4', 'nominal', 'arithmetic', 4, false],
      [5, 'joint', null, 'nominal', 'geometric', 0, false],
      [6, 'joint', null, 'zscore', 'geometric', 0, false],
    ]);
    expect(rows).toEqual([
      // none left out: A ((20 + 60) / 2 + 90) / 2 = 65, B 80 (its conditions alone; 80 is class A), C (50 + 10) / 2 = 30
      out(1, A, 65, 2, 'B'),
      out(1, B, 80, 1, 'A'),
      out(1, C, 30, 3, 'C'),
      // position 1 out: A (60 + 90) / 2 = 75; B has nothing left: unranked; C its activity alone, 10
      out(2, A, 75, 1, 'B'),
      out(2, B, null, null, null),
      out(2, C, 10, 2, 'D'),
      // position 2 out: A (20 + 90) / 2 = 55
      out(3, A, 55, 2, 'B'),
      out(3, B, 80, 1, 'A'),
      out(3, C, 30, 3, 'C'),
      // position 4 out: the activity group drops out: A 40, C 50
      out(4, A, 40, 3, 'B'),
      out(4, B, 80, 1, 'A'),
      out(4, C, 50, 2, 'B'),
      // nominal values all above 0 within each indicator: no rescaling;
      // A sqrt(sqrt(20 * 60) * 90), B 80, C sqrt(50 * 10)
      out(5, A, Math.sqrt(Math.sqrt(20 * 60) * 90), 2, 'B'),
      out(5, B, 80, 1, 'A'),
      out(5, C, Math.sqrt(50 * 10), 3, 'C'),
      // z: rd_organisations (20, 80, 50) mean 50, s 30 -> -1, 1, 0 -> 1, 100, 50.5; researchers_per_million
      // has one value, z 0, all equal -> 50.5; activity (90, 10) -> +-1/sqrt 2 -> 100, 1.
      // A sqrt(sqrt(1 * 50.5) * 100), B 100, C sqrt(50.5 * 1)
      out(6, A, Math.sqrt(Math.sqrt(50.5) * 100), 2, 'C'),
      out(6, B, 100, 1, 'A'),
      out(6, C, Math.sqrt(50.5), 3, 'D'),
    ]);
  });

  it('weights: the parameter weights the means; a perturbed scenario multiplies each by 1 + r (2u - 1), r = 0 leaves them', async () => {
    const params = { weights: { rd_organisations: 3, activity: 3 }, weight_range: 0.25, uncertainty_seed: 5 };
    const { db, rows } = await draws(params, coverage, rated, [
      [1, 'weights', null, 'nominal', 'arithmetic', 0, false],
      [2, 'weights', null, 'nominal', 'arithmetic', 0, true],
    ]);
    // unperturbed: A G_c = (3 * 20 + 1 * 60) / 4 = 30, score (0.5 * 30 + 3 * 90) / 3.5 = 285 / 3.5;
    // B 80 (one group); C (0.5 * 50 + 3 * 10) / 3.5 = 55 / 3.5
    expect(rows.filter((r) => r.scenario === 1)).toEqual([
      out(1, A, 285 / 3.5, 1, 'A'),
      out(1, B, 80, 2, 'A'),
      out(1, C, 55 / 3.5, 3, 'D'),
    ]);
    // perturbed: f(key) = 1 + 0.25 (2 u - 1), u = uniform_draw(5, 2, key) (macros.sql)
    const f = async (key: string) =>
      1 + 0.25 * (2 * (await db.value<number>(`SELECT uniform_draw(5, 2, '${key}')`)) - 1);
    const [rd, rpm, fc, fa] = [
      await f('rd_organisations'),
      await f('researchers_per_million'),
      await f('conditions'),
      await f('activity'),
    ];
    expect(new Set([rd, rpm, fc, fa]).size).toBe(4);
    const gcA = (3 * rd * 20 + rpm * 60) / (3 * rd + rpm);
    const scores: Record<string, number> = {
      [A]: (0.5 * fc * gcA + 3 * fa * 90) / (0.5 * fc + 3 * fa),
      [B]: 80,
      [C]: (0.5 * fc * 50 + 3 * fa * 10) / (0.5 * fc + 3 * fa),
    };
    const order = Object.entries(scores).sort((x, y) => y[1] - x[1]);
    const rank = (k: string) => order.findIndex(([r]) => r === k) + 1;
    const cls = (s: number) => (s >= 80 ? 'A' : s >= 40 ? 'B' : s >= 20 ? 'C' : 'D');
    expect(rows.filter((r) => r.scenario === 2)).toEqual(
      [A, B, C].map((k) => out(2, k, scores[k]!, rank(k), cls(scores[k]!))),
    );
    expect(r6(scores[A]!)).not.toBe(r6(285 / 3.5));

    const still = await draws({ ...params, weight_range: 0 }, coverage, rated, [
      [2, 'weights', null, 'nominal', 'arithmetic', 0, true],
    ]);
    expect(still.rows).toEqual([
      out(2, A, 285 / 3.5, 1, 'A'),
      out(2, B, 80, 2, 'A'),
      out(2, C, 55 / 3.5, 3, 'D'),
    ]);
  });
});
