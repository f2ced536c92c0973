import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

const lq = (
  region_kato: string,
  industry: string,
  lqValue: number,
  shareRegion: number,
  shareCountry: number,
) => ({
  region_kato,
  year: 2020,
  industry,
  boundary_vintage: '2022',
  gva: shareRegion,
  gva_country: shareCountry,
  share_region: shareRegion,
  share_country: shareCountry,
  lq: lqValue,
  used: true,
  status: null,
  country_status: null,
  older_borders: false,
});

describe('specialisation: indices over the location quotients of a region and year', () => {
  it('variance of LQ, HHI, Krugman, Hachman, entropy; one section gives no variance', async () => {
    await table(
      db,
      'location_quotients',
      [
        lq('110000000', 'A', 1.25, 75, 60),
        lq('110000000', 'B', 0.625, 25, 40),
        lq('710000000', 'A', 1, 100, 100),
      ],
      {
        status: 'VARCHAR',
        country_status: 'VARCHAR',
        gva: 'DOUBLE',
        gva_country: 'DOUBLE',
        share_region: 'DOUBLE',
        share_country: 'DOUBLE',
        lq: 'DOUBLE',
      },
    );
    const rows = rounded(await runModel(db, 'structure', 'specialisation'));
    expect(
      pick(rows, ['region_kato', 'industries', 'lq_variance', 'hhi', 'krugman', 'hachman', 'entropy']),
    ).toEqual([
      // var_pop(1.25, 0.625); 0.75² + 0.25²; (15 + 15) / 100; 1 / (1.25 * 0.75 + 0.625 * 0.25); -(0.75 log2 0.75 + 0.25 log2 0.25)
      {
        region_kato: '110000000',
        industries: 2,
        lq_variance: 0.097656,
        hhi: 0.625,
        krugman: 0.3,
        hachman: 0.914286,
        entropy: 0.811278,
      },
      {
        region_kato: '710000000',
        industries: 1,
        lq_variance: null,
        hhi: 1,
        krugman: 0,
        hachman: 1,
        entropy: 0,
      },
    ]);
  });
});
