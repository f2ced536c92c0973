import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, rounded, runModel } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('variety: entropy over OKED divisions = unrelated (between sections) + related (within)', () => {
  it('four equal divisions in two sections: 1 + 1 = 2 bits; an unpublished division is left out', async () => {
    const division = (industry: string, value: number | null) => ({
      indicator: 'gva',
      region_kato: '110000000',
      year: 2020,
      industry,
      value,
      status: value === null ? 'x' : null,
      unit: 'million tenge',
    });
    await observations(db, [
      division('01', 25),
      division('02', 25),
      division('10', 25),
      division('11', 25),
      division('12', null),
    ]);
    const rows = rounded(await runModel(db, 'structure', 'variety'));
    expect(
      pick(rows, [
        'region_kato',
        'divisions',
        'sections',
        'unrelated_variety',
        'related_variety',
        'entropy_divisions',
      ]),
    ).toEqual([
      {
        region_kato: '110000000',
        divisions: 4,
        sections: 2,
        unrelated_variety: 1,
        related_variety: 1,
        entropy_divisions: 2,
      },
    ]);
  });
});
