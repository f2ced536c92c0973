import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('rating_indicators: three positions per group; the expenditure measure changes in 2022', () => {
  it('a group counts its positions, not its indicators, so the change of measure keeps it at three', async () => {
    const rows = await runModel(db, 'innovation', 'rating_indicators');
    expect(rows.map((r) => [r.indicator, r.group, r.position, r.from_year, r.to_year, r.group_size])).toEqual(
      [
        ['innovation_active_enterprises_pct', 'activity', 4, null, null, 3],
        ['innovation_expenditure_pct_grp', 'activity', 6, 2022, null, 3],
        ['innovative_products_pct_grp', 'activity', 5, null, null, 3],
        ['rd_expenditure_pct_grp', 'conditions', 3, null, null, 3],
        ['rd_organisations', 'conditions', 1, null, null, 3],
        ['researchers_per_million', 'conditions', 2, null, null, 3],
        ['tech_innovation_expenditure_pct_grp', 'activity', 6, null, 2021, 3],
      ],
    );
  });
});
