import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('cluster_candidates: LQ >= 1.25 and at least 5 % of the national section, with the LQ trend', () => {
  it('the trend is the slope over the last years, NULL on fewer than 3 points; a small share is no candidate', async () => {
    const lq = (region_kato: string, year: number, lqValue: number, shareOfNational: number) => ({
      region_kato,
      year,
      industry: 'C',
      boundary_vintage: '2022',
      lq: lqValue,
      share_of_national: shareOfNational,
      share_region: 20,
      gva: 100,
      older_borders: false,
    });
    await table(
      db,
      'location_quotients',
      [
        lq('110000000', 2018, 1.3, 10),
        lq('110000000', 2019, 1.4, 10),
        lq('110000000', 2020, 1.5, 10),
        lq('710000000', 2020, 2, 3),
      ],
      { lq: 'DOUBLE', share_of_national: 'DOUBLE', share_region: 'DOUBLE', gva: 'DOUBLE' },
    );
    const rows = rounded(await runModel(db, 'structure', 'cluster_candidates'));
    expect(pick(rows, ['region_kato', 'year', 'lq', 'lq_trend', 'trend_points', 'lq_change'])).toEqual([
      { region_kato: '110000000', year: 2018, lq: 1.3, lq_trend: null, trend_points: 1, lq_change: null },
      { region_kato: '110000000', year: 2019, lq: 1.4, lq_trend: null, trend_points: 2, lq_change: 0.1 },
      { region_kato: '110000000', year: 2020, lq: 1.5, lq_trend: 0.1, trend_points: 3, lq_change: 0.1 },
    ]);
  });
});
