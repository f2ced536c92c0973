import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('location_quotients: LQ = share of the section in the region / its share in the Republic', () => {
  it('shares over the common support: a confidential regional cell leaves its section out of both', async () => {
    await contractTable(db, 'structure', 'gva_coverage', [{ year: 2020, used: true }]);
    await table(
      db,
      'gva_national',
      [
        { year: 2020, industry: 'A', gva: 60, status: null, derived: false },
        { year: 2020, industry: 'B', gva: 40, status: null, derived: false },
      ],
      { gva: 'DOUBLE', status: 'VARCHAR' },
    );
    const cell = (
      region_kato: string,
      industry: string,
      gva: number | null,
      status: string | null = null,
    ) => ({
      region_kato,
      year: 2020,
      industry,
      gva,
      status,
      boundary_vintage: '2022',
      placeholder: false,
    });
    await table(
      db,
      'gva_sections',
      [
        cell('110000000', 'A', 30),
        cell('110000000', 'B', 10),
        cell('710000000', 'A', 10),
        cell('710000000', 'B', null, 'x'),
      ],
      { gva: 'DOUBLE', status: 'VARCHAR' },
    );
    const rows = rounded(await runModel(db, 'structure', 'location_quotients'));
    expect(
      pick(rows, [
        'region_kato',
        'industry',
        'share_region',
        'share_country',
        'lq',
        'share_of_national',
        'used',
      ]),
    ).toEqual([
      {
        region_kato: '110000000',
        industry: 'A',
        share_region: 75,
        share_country: 60,
        lq: 1.25,
        share_of_national: 50,
        used: true,
      },
      {
        region_kato: '110000000',
        industry: 'B',
        share_region: 25,
        share_country: 40,
        lq: 0.625,
        share_of_national: 25,
        used: true,
      },
      {
        region_kato: '710000000',
        industry: 'A',
        share_region: 100,
        share_country: 100,
        lq: 1,
        share_of_national: 16.666667,
        used: true,
      },
      {
        region_kato: '710000000',
        industry: 'B',
        share_region: null,
        share_country: null,
        lq: null,
        share_of_national: null,
        used: false,
      },
    ]);
  });
});
