import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

describe('grp_shares = money figure / GRP * 100, where no source publishes the share', () => {
  it('a published share is preferred for the rating; money and GRP in other units give no share', async () => {
    const figure = (indicator: string, region_kato: string, value: number, unit = 'million tenge') => ({
      indicator,
      region_kato,
      year: 2022,
      value,
      unit,
    });
    await observations(db, [
      figure('grp', '110000000', 2000),
      figure('innovative_products', '110000000', 50),
      figure('grp', '150000000', 4000),
      figure('innovative_products', '150000000', 40),
      figure('innovative_products_pct_grp', '150000000', 1.1, 'percent'),
      figure('grp', '710000000', 3000),
      figure('innovative_products', '710000000', 30, 'thousand tenge'),
    ]);
    const rows = await runModel(db, 'innovation', 'grp_shares');
    expect(pick(rows, ['region_kato', 'value', 'published_value', 'used_by_rating', 'reason'])).toEqual([
      { region_kato: '110000000', value: 2.5, published_value: null, used_by_rating: true, reason: null },
      { region_kato: '150000000', value: 1, published_value: 1.1, used_by_rating: false, reason: null },
      {
        region_kato: '710000000',
        value: null,
        published_value: null,
        used_by_rating: false,
        reason: 'innovative_products in thousand tenge, GRP in million tenge',
      },
    ]);
  });
});
