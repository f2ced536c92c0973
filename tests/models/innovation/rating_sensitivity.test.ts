import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

// Synthetic draws (not a run's), chosen so that every index can be worked out by hand.
const A = '110000000';
const B = '150000000';

const draw = (
  year: number,
  scenario: number,
  assumption: string,
  norm: string,
  agg: string,
  left_out: number,
  region_kato: string,
  nominal_rank: number,
  rank: number | null,
) => ({ year, scenario, assumption, norm, agg, left_out, region_kato, nominal_rank, rank });

describe('rating_sensitivity: rank shifts per assumption, and the first-order index S = V(E[rank | level]) / V(rank)', () => {
  it('the mean rank at each level against the mean rank, summed over the regions; unranked draws count nowhere; no variance, no S', async () => {
    // 2022, A (published rank 1) and B (2). Joint draws: the rank follows the mean alone; in scenario 4
    // B's only indicator is left out and it has no rank.
    const joint = (s: number, norm: string, agg: string, left: number, a: number, b: number | null) => [
      draw(2022, s, 'joint', norm, agg, left, A, 1, a),
      draw(2022, s, 'joint', norm, agg, left, B, 2, b),
    ];
    const one = (s: number, assumption: string, a: number | null, b: number | null) => [
      draw(2022, s, assumption, 'nominal', 'arithmetic', 0, A, 1, a),
      draw(2022, s, assumption, 'nominal', 'arithmetic', 0, B, 2, b),
    ];
    await table(
      db,
      'rating_draws',
      [
        ...joint(1, 'minmax', 'arithmetic', 0, 1, 2),
        ...joint(2, 'minmax', 'geometric', 0, 2, 1),
        ...joint(3, 'zscore', 'arithmetic', 0, 1, 2),
        ...joint(4, 'zscore', 'geometric', 1, 2, null),
        ...one(5, 'normalisation', 2, 1),
        ...one(6, 'normalisation', 1, 2),
        ...one(7, 'weights', 1, 2),
        ...one(8, 'weights', 1, 2),
        ...one(9, 'left_out', 1, null),
        ...one(10, 'left_out', 2, 1),
        // a scenario that leaves every region unranked is no scenario of the shifts
        ...one(12, 'left_out', null, null),
        ...one(11, 'aggregation', 2, 1),
        // 2023: one rated region, rank 1 in every draw: nothing varies
        ...[1, 2].map((s) => draw(2023, s, 'joint', s === 1 ? 'minmax' : 'rank', 'arithmetic', 0, A, 1, 1)),
        draw(2023, 5, 'normalisation', 'zscore', 'arithmetic', 0, A, 1, 1),
      ],
      { rank: 'BIGINT', nominal_rank: 'INTEGER' },
    );
    const rows = await runModel(db, 'innovation', 'rating_sensitivity');
    // Over the joint draws of 2022: A ranks 1, 2, 1, 2 (mean 3/2, var_pop 1/4); B, ranked in scenarios 1-3 only, 2, 1, 2
    // (mean 5/3, var_pop (1/9 + 4/9 + 1/9) / 3 = 2/9). V = 1/4 + 2/9 = 17/36.
    // aggregation: A arithmetic mean 1, geometric 2, p 1/2 each: 1/2 (1/2)^2 + 1/2 (1/2)^2 = 1/4;
    //   B arithmetic 2 (p 2/3), geometric 1 (p 1/3): 2/3 (1/3)^2 + 1/3 (2/3)^2 = 2/9. S = (17/36) / (17/36) = 1.
    // normalisation: A minmax 3/2, zscore 3/2: 0; B minmax (2, 1) 3/2 (p 2/3), zscore 2 (p 1/3):
    //   2/3 (1/6)^2 + 1/3 (1/3)^2 = 1/54 + 1/27 = 1/18. S = (1/18) / (17/36) = 2/17.
    // left_out: A level 0 (1, 2, 1) 4/3 (p 3/4), level 1: 2 (p 1/4): 3/4 (1/6)^2 + 1/4 (1/2)^2 = 1/48 + 1/16 = 1/12;
    //   B only level 0: 0. S = (1/12) / (17/36) = 3/17.
    // Shifts |rank - published rank|: all (the joint draws) A 0, 1, 0, 1 and B 0, 1, 0: 3 / 7, at most 1;
    //   normalisation 1, 1, 0, 0: 1/2; weights 0; left_out A 0, 1 and B 1 (scenario 9 leaves B unranked, 12 both): 2/3 over 2 scenarios;
    //   aggregation 1, 1. 2023: S NULL (no variance to explain), shifts 0.
    const row = (
      year: number,
      assumption: string,
      scenarios: number,
      mean: number,
      max: number,
      first_order_index: number | null,
    ) => ({
      year,
      assumption,
      scenarios,
      mean_abs_rank_shift: mean,
      max_abs_rank_shift: max,
      first_order_index,
    });
    expect(rows).toEqual(
      rounded(
        [
          row(2022, 'aggregation', 1, 1, 1, 1),
          row(2022, 'all', 4, 3 / 7, 1, null),
          row(2022, 'left_out', 2, 2 / 3, 1, 3 / 17),
          row(2022, 'normalisation', 2, 1 / 2, 1, 2 / 17),
          row(2022, 'weights', 2, 0, 0, null),
          row(2023, 'all', 2, 0, 0, null),
          row(2023, 'normalisation', 1, 0, 0, null),
        ],
        9,
      ),
    );
  });
});
