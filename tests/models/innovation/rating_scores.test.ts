import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

const input = (region_kato: string, group: string, position: number, normalised: number | null) => ({
  region_kato,
  year: 2012,
  rating_vintage: '2022',
  group,
  position,
  indicator: `indicator_${position}`,
  used: normalised !== null,
  normalised,
});

describe('rating_scores: S = (w_c * G_conditions + w_a * G_activity) / (w_c + w_a)', () => {
  it('group score = mean of the indicators present; under half of a group gives no score, with the reason', async () => {
    await runModel(db, 'innovation', 'rating_indicators');
    await table(
      db,
      'rating_inputs',
      [
        input('110000000', 'conditions', 1, 100),
        input('110000000', 'conditions', 2, 50),
        input('110000000', 'conditions', 3, 0),
        input('110000000', 'activity', 4, 80),
        input('110000000', 'activity', 5, 40),
        input('150000000', 'conditions', 1, 0),
        input('150000000', 'activity', 4, 20),
      ],
      { normalised: 'DOUBLE' },
    );
    const rows = await runModel(db, 'innovation', 'rating_scores');
    expect(
      pick(rows, ['region_kato', 'conditions_score', 'activity_score', 'score', 'partial', 'reason']),
    ).toEqual([
      {
        region_kato: '110000000',
        conditions_score: 50,
        activity_score: 60,
        score: 55,
        partial: false,
        reason: null,
      },
      {
        region_kato: '150000000',
        conditions_score: null,
        activity_score: null,
        score: null,
        partial: false,
        reason:
          'conditions group: 1 of 3 indicators (indicator_1), fewer than 50 % of them; activity group: 1 of 3 indicators (indicator_4), fewer than 50 % of them',
      },
    ]);
  });
});
