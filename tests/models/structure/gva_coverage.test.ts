import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('gva_coverage = sum of the Republic sections / GDP * 100, used from 85 %', () => {
  it('below the threshold a year is not used, with the reason; without GDP it is used as given', async () => {
    await table(
      db,
      'gva_national',
      [
        { year: 2020, industry: 'A', gva: 60, derived: false },
        { year: 2020, industry: 'B', gva: 30, derived: false },
        { year: 2021, industry: 'A', gva: 70, derived: false },
        { year: 2022, industry: 'A', gva: 50, derived: false },
      ],
      { gva: 'DOUBLE' },
    );
    await observations(db, [
      { indicator: 'grp', region_kato: '000000000', year: 2020, value: 100, unit: 'million tenge' },
      { indicator: 'grp', region_kato: '000000000', year: 2021, value: 100, unit: 'million tenge' },
    ]);
    const rows = await runModel(db, 'structure', 'gva_coverage');
    expect(pick(rows, ['year', 'sections', 'coverage_pct', 'used', 'reason'])).toEqual([
      { year: 2020, sections: 2, coverage_pct: 90, used: true, reason: null },
      {
        year: 2021,
        sections: 1,
        coverage_pct: 70,
        used: false,
        reason:
          'the sections (A) cover 70.0 % of GDP, below 85 %: an aggregate stands in for missing sections',
      },
      {
        year: 2022,
        sections: 1,
        coverage_pct: null,
        used: true,
        reason: 'no GDP for this year to check the breakdown against: used as given',
      },
    ]);
  });
});
