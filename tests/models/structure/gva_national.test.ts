import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('gva_national: the Republic row, or the sum of the regions on the newest borders', () => {
  it('derived only without a Republic row; an unpublished regional cell makes the sum unknown', async () => {
    const cell = (
      region_kato: string,
      year: number,
      industry: string,
      gva: number | null,
      vintage = '2022',
    ) => ({
      region_kato,
      year,
      industry,
      gva,
      status: gva === null ? 'x' : null,
      boundary_vintage: vintage,
      placeholder: false,
    });
    await table(
      db,
      'gva_sections',
      [
        cell('000000000', 2020, 'A', 100),
        cell('110000000', 2020, 'A', 10),
        cell('110000000', 2021, 'A', 10),
        cell('710000000', 2021, 'A', 20),
        cell('630000000', 2021, 'A', 1000, '2018'),
        cell('110000000', 2021, 'B', null),
        cell('710000000', 2021, 'B', 5),
      ],
      { gva: 'DOUBLE', status: 'VARCHAR' },
    );
    const rows = await runModel(db, 'structure', 'gva_national');
    expect(pick(rows, ['year', 'industry', 'gva', 'status', 'derived'])).toEqual([
      { year: 2020, industry: 'A', gva: 100, status: null, derived: false },
      { year: 2021, industry: 'A', gva: 30, status: null, derived: true },
      { year: 2021, industry: 'B', gva: null, status: 'x', derived: true },
    ]);
  });
});
