import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, observations, pick, runModel } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

describe('enterprise_demography: registered, opened, liquidated and their changes', () => {
  it('net = opened - liquidated; change only against the year just before; none liquidated gives no ratio', async () => {
    const count = (indicator: string, year: number, value: number) => ({
      indicator,
      region_kato: '110000000',
      year,
      value,
    });
    await observations(db, [
      count('organisations_registered', 2019, 1000),
      count('organisations_registered', 2020, 1100),
      count('organisations_opened', 2020, 150),
      count('organisations_liquidated', 2020, 50),
      count('organisations_registered', 2022, 1200),
      count('organisations_opened', 2022, 10),
      count('organisations_liquidated', 2022, 0),
    ]);
    const rows = await runModel(db, 'structure', 'enterprise_demography');
    expect(
      pick(rows, [
        'year',
        'net_opened',
        'opened_per_liquidated',
        'registered_change',
        'registered_growth_pct',
      ]),
    ).toEqual([
      {
        year: 2019,
        net_opened: null,
        opened_per_liquidated: null,
        registered_change: null,
        registered_growth_pct: null,
      },
      {
        year: 2020,
        net_opened: 100,
        opened_per_liquidated: 3,
        registered_change: 100,
        registered_growth_pct: 10,
      },
      // 2021 is missing: 2022 is not compared with 2020
      {
        year: 2022,
        net_opened: 10,
        opened_per_liquidated: null,
        registered_change: null,
        registered_growth_pct: null,
      },
    ]);
  });
});
