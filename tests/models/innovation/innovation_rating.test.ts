import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('innovation_rating: assessment and class by score, rank, ERIS group against the year mean', () => {
  it('thresholds 80/60/40/20; a score on a threshold takes the upper class; no score, no class', async () => {
    await table(
      db,
      'rating_scores',
      [
        { region_kato: '110000000', year: 2012, score: 80 },
        { region_kato: '150000000', year: 2012, score: 40 },
        { region_kato: '710000000', year: 2012, score: 0 },
        { region_kato: '630000000', year: 2012, score: null },
      ],
      { score: 'DOUBLE' },
    );
    const rows = await runModel(db, 'innovation', 'innovation_rating');
    expect(
      pick(rows, ['region_kato', 'rank', 'assessment', 'class', 'relative_to_average', 'eris_group']),
    ).toEqual([
      {
        region_kato: '110000000',
        rank: 1,
        assessment: 'high',
        class: 'A',
        relative_to_average: 200,
        eris_group: 'leader',
      },
      {
        region_kato: '150000000',
        rank: 2,
        assessment: 'medium',
        class: 'B',
        relative_to_average: 100,
        eris_group: 'strong',
      },
      {
        region_kato: '630000000',
        rank: null,
        assessment: null,
        class: null,
        relative_to_average: null,
        eris_group: null,
      },
      {
        region_kato: '710000000',
        rank: 3,
        assessment: 'very low',
        class: 'D',
        relative_to_average: 0,
        eris_group: 'emerging',
      },
    ]);
  });
});
