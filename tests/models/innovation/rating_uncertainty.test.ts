import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

// Synthetic draws (not a run's): ranks and classes chosen so that each statistic can be worked out by hand.
const A = '110000000';
const B = '150000000';
const C = '710000000';
const D = '630000000';

const draw = (
  scenario: number,
  region_kato: string,
  nominal_rank: number,
  rank: number | null,
  cls: string | null,
  assumption = 'joint',
) => ({ scenario, assumption, region_kato, year: 2022, nominal_rank, rank, class: cls });

describe('rating_uncertainty: quantiles of each rank and shares of each class over the joint draws', () => {
  it('linear-interpolated quantiles; shares among the draws with a class; unranked draws and one-at-a-time scenarios left out', async () => {
    await contractTable(db, 'innovation', 'innovation_rating', [
      { region_kato: A, region_name: 'Akmola Region', year: 2022, score: 70, rank: 1 },
      { region_kato: B, region_name: 'Aktobe Region', year: 2022, score: 50, rank: 2 },
      { region_kato: C, region_name: 'city of Astana', year: 2022, score: 30, rank: 3 },
      // no published score: rating_draws has no draw of it, and it is not listed
      { region_kato: D, region_name: 'East Kazakhstan Region', year: 2022, score: null, rank: null },
    ]);
    await table(
      db,
      'rating_draws',
      [
        draw(1, A, 1, 1, 'A'),
        draw(2, A, 1, 2, 'B'),
        draw(3, A, 1, 1, null),
        draw(4, A, 1, 3, 'B'),
        draw(5, A, 1, 1, 'A'),
        // a one-at-a-time scenario is not a joint draw
        draw(6, A, 1, 3, 'D', 'normalisation'),
        draw(1, B, 2, 2, 'B'),
        draw(2, B, 2, 1, 'A'),
        draw(3, B, 2, 2, null),
        // the draw left out B's only indicator: no rank
        draw(4, B, 2, null, null),
        draw(5, B, 2, 2, 'C'),
        // every draw of C on z-scores averaged arithmetically: no class
        ...[1, 2, 3, 4, 5].map((s) => draw(s, C, 3, 3, null)),
      ],
      // as rating_draws makes them: nominal_rank from innovation_rating, rank from rank()
      { nominal_rank: 'INTEGER', rank: 'BIGINT', class: 'VARCHAR' },
    );
    const rows = await runModel(db, 'innovation', 'rating_uncertainty');
    // runModel rounds doubles to 9 decimals: so must the thirds
    expect(rows).toEqual(
      rounded(
        [
          // A: ranks 1, 1, 1, 2, 3 (n = 5); quantile q at h = (n - 1) q: median h = 2 -> 1;
          // p05 h = 0.2 -> 1 + 0.2 (1 - 1) = 1; p95 h = 3.8 -> 2 + 0.8 (3 - 2) = 2.8.
          // classes A, B, B, A of 4 draws with one: 2/4 A, 2/4 B
          {
            region_kato: A,
            region_name: 'Akmola Region',
            year: 2022,
            nominal_rank: 1,
            median_rank: 1,
            p05_rank: 1,
            p95_rank: 2.8,
            share_a: 0.5,
            share_b: 0.5,
            share_c: 0,
            share_d: 0,
            draws: 5,
            class_draws: 4,
          },
          // B: ranks 1, 2, 2, 2 (n = 4, one draw unranked); median h = 1.5 -> 2; p05 h = 0.15 -> 1 + 0.15 (2 - 1) = 1.15;
          // p95 h = 2.85 -> 2. classes B, A, C: 1/3 each
          {
            region_kato: B,
            region_name: 'Aktobe Region',
            year: 2022,
            nominal_rank: 2,
            median_rank: 2,
            p05_rank: 1.15,
            p95_rank: 2,
            share_a: 1 / 3,
            share_b: 1 / 3,
            share_c: 1 / 3,
            share_d: 0,
            draws: 4,
            class_draws: 3,
          },
          // C: rank 3 in all 5 draws; no draw with a class: shares NULL
          {
            region_kato: C,
            region_name: 'city of Astana',
            year: 2022,
            nominal_rank: 3,
            median_rank: 3,
            p05_rank: 3,
            p95_rank: 3,
            share_a: null,
            share_b: null,
            share_c: null,
            share_d: null,
            draws: 5,
            class_draws: 0,
          },
        ],
        9,
      ),
    );
  });
});
