import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('innovation');
afterAll(() => db.close());

// Synthetic figures (not the BNS's): each row is there for one rule of the model's header.
const AKMOLA = '110000000';
const AKTOBE = '150000000';
const EAST_KZ = '630000000';
const ABAI = '100000000';

describe('rating_figures: every figure of a rating indicator, and whether the rating can use it', () => {
  it('the year on the newest borders of its figures; unpublished, out-of-force and other-land figures listed, not used', async () => {
    await observations(db, [
      // 2021: Abai's figure is on the 2022 borders, so the whole 2021 rating is on them
      { indicator: 'rd_expenditure_pct_grp', region_kato: ABAI, year: 2021, value: 0.1, unit: 'percent' },
      // Akmola covers the same land on the 2018 and the 2022 borders: its 2018 figure is used
      { indicator: 'rd_organisations', region_kato: AKMOLA, year: 2021, value: 12, boundary_vintage: '2018' },
      // East Kazakhstan lost Abai in 2022: its 2018 figure is another territory than the 2022 rating's
      {
        indicator: 'researchers_per_million',
        region_kato: EAST_KZ,
        year: 2021,
        value: 500,
        boundary_vintage: '2018',
      },
      // not published: missing, not zero
      { indicator: 'rd_organisations', region_kato: AKTOBE, year: 2021, value: null, status: 'x' },
      // the expenditure measure in force up to 2021, and the one from 2022 (not yet in force)
      { indicator: 'tech_innovation_expenditure_pct_grp', region_kato: AKMOLA, year: 2021, value: 0.5 },
      { indicator: 'innovation_expenditure_pct_grp', region_kato: AKMOLA, year: 2021, value: 0.7 },
      // none of these enters: the Republic, a district-level code, a quarter, an industry, a non-rating indicator
      { indicator: 'rd_organisations', region_kato: '000000000', year: 2021, value: 400 },
      { indicator: 'rd_organisations', region_kato: '111000000', year: 2021, value: 3 },
      {
        indicator: 'rd_organisations',
        region_kato: AKMOLA,
        year: 2021,
        value: 4,
        period: '2021-Q1',
        period_type: 'quarter',
      },
      { indicator: 'rd_organisations', region_kato: AKTOBE, year: 2021, value: 9, industry: 'C' },
      { indicator: 'grp', region_kato: AKMOLA, year: 2021, value: 5000, unit: 'million tenge' },
      // 2020: every figure on the 2018 borders, so East Kazakhstan's 2018 figure is on the rating's borders
      {
        indicator: 'researchers_per_million',
        region_kato: EAST_KZ,
        year: 2020,
        value: 480,
        boundary_vintage: '2018',
      },
    ]);
    await contractTable(db, 'innovation', 'grp_shares', [
      // a share computed from the money figures enters; one the rating does not use does not
      {
        region_kato: AKMOLA,
        year: 2021,
        indicator: 'innovative_products_pct_grp',
        boundary_vintage: '2022',
        value: 1.5,
        unit: 'percent',
        used_by_rating: true,
        source: 'synthetic: innovative_products / grp',
      },
      {
        region_kato: AKTOBE,
        year: 2021,
        indicator: 'innovative_products_pct_grp',
        boundary_vintage: '2022',
        value: 2.5,
        unit: 'percent',
        used_by_rating: false,
        source: 'synthetic: a published share is used instead',
      },
    ]);
    await runModel(db, 'innovation', 'rating_indicators');
    const rows = await runModel(db, 'innovation', 'rating_figures');
    const row = (
      region_kato: string,
      year: number,
      indicator: string,
      group: string,
      position: number,
      rating_vintage: string,
      value_used: number | null,
      reason: string | null = null,
    ) => ({
      region_kato,
      year,
      indicator,
      group,
      position,
      rating_vintage,
      used: value_used !== null,
      value_used,
      reason,
    });
    // in the order of region_kato, year, indicator
    expect(
      pick(rows, [
        'region_kato',
        'year',
        'indicator',
        'group',
        'position',
        'rating_vintage',
        'used',
        'value_used',
        'reason',
      ]),
    ).toEqual([
      row(ABAI, 2021, 'rd_expenditure_pct_grp', 'conditions', 3, '2022', 0.1),
      row(
        AKMOLA,
        2021,
        'innovation_expenditure_pct_grp',
        'activity',
        6,
        '2022',
        null,
        "in 2021 the activity group's expenditure measure is tech_innovation_expenditure_pct_grp (the BNS changed it with its 2022 survey)",
      ),
      row(AKMOLA, 2021, 'innovative_products_pct_grp', 'activity', 5, '2022', 1.5),
      row(AKMOLA, 2021, 'rd_organisations', 'conditions', 1, '2022', 12),
      row(AKMOLA, 2021, 'tech_innovation_expenditure_pct_grp', 'activity', 6, '2022', 0.5),
      row(AKTOBE, 2021, 'rd_organisations', 'conditions', 1, '2022', null, 'not published (status x)'),
      row(EAST_KZ, 2020, 'researchers_per_million', 'conditions', 2, '2018', 480),
      row(
        EAST_KZ,
        2021,
        'researchers_per_million',
        'conditions',
        2,
        '2022',
        null,
        'on the 2018 borders, while the 2021 rating is on the 2022 borders, where this region covers other land',
      ),
    ]);
    // the computed share keeps its source, naming both cells
    expect(rows.find((r) => r.indicator === 'innovative_products_pct_grp')!.source).toBe(
      'synthetic: innovative_products / grp',
    );
  });
});
