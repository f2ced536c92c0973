import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, pick, rounded, runModel } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('resilience_panel_data: ln GRP per capita, ln population and diversification per region and year', () => {
  it('ranked regions with a positive GRP per capita only; variety may be missing', async () => {
    const g = (region_kato: string, grp_per_capita: number, rank: number | null) => ({
      region_kato,
      year: 2020,
      boundary_vintage: '2022',
      grp_per_capita,
      population: Math.E,
      rank,
    });
    await contractTable(db, 'structure', 'grp_per_capita', [
      g('110000000', Math.E ** 2, 1),
      g('710000000', 1, null),
    ]);
    const s = (region_kato: string) => ({
      region_kato,
      year: 2020,
      boundary_vintage: '2022',
      entropy: 2,
      hhi: 0.3,
      lq_variance: 0.1,
    });
    await contractTable(db, 'structure', 'specialisation', [s('110000000'), s('710000000')]);
    await contractTable(db, 'structure', 'variety', []);
    const rows = rounded(await runModel(db, 'structure', 'resilience_panel_data'));
    expect(
      pick(rows, [
        'entity',
        'region_kato',
        'ln_grp_per_capita',
        'ln_population',
        'entropy',
        'related_variety',
      ]),
    ).toEqual([
      {
        entity: '110000000',
        region_kato: '110000000',
        ln_grp_per_capita: 2,
        ln_population: 1,
        entropy: 2,
        related_variety: null,
      },
    ]);
  });
});
