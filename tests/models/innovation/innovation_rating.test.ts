import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

/**
 * rating_scores is not published, so no contract types it: its columns are innovation_rating's but
 * the five this model adds (rank, assessment, class, relative_to_average, eris_group). A row gives
 * what matters to the test; the rest stays NULL, typed as rating_scores.sql makes it.
 */
const scoreTypes = {
  region_kato: 'VARCHAR',
  region_name: 'VARCHAR',
  year: 'INTEGER',
  boundary_vintage: 'VARCHAR',
  conditions_score: 'DOUBLE',
  activity_score: 'DOUBLE',
  score: 'DOUBLE',
  conditions_indicators: 'INTEGER',
  activity_indicators: 'INTEGER',
  coverage: 'DOUBLE',
  indicators_used: 'VARCHAR',
  expenditure_measure: 'VARCHAR',
  partial: 'BOOLEAN',
  missing_group: 'VARCHAR',
  reason: 'VARCHAR',
};

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
      scoreTypes,
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
