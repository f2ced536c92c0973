import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('gva_sections: GVA by region, OKED section and year', () => {
  it('a regional 0 in a section the Republic does not publish that year is a placeholder; elsewhere a real 0', async () => {
    const gva = (region_kato: string, industry: string, value: number) => ({
      indicator: 'gva',
      region_kato,
      year: 2020,
      industry,
      value,
      unit: 'million tenge',
    });
    await observations(db, [
      gva('000000000', 'A', 100),
      gva('000000000', 'B', 50),
      gva('110000000', 'A', 10),
      gva('110000000', 'C', 0),
      gva('710000000', 'B', 0),
    ]);
    const rows = await runModel(db, 'structure', 'gva_sections');
    expect(pick(rows, ['region_kato', 'industry', 'gva', 'placeholder'])).toEqual([
      { region_kato: '000000000', industry: 'A', gva: 100, placeholder: false },
      { region_kato: '000000000', industry: 'B', gva: 50, placeholder: false },
      { region_kato: '110000000', industry: 'A', gva: 10, placeholder: false },
      { region_kato: '110000000', industry: 'C', gva: 0, placeholder: true },
      { region_kato: '710000000', industry: 'B', gva: 0, placeholder: false },
    ]);
  });
});
