import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, rounded, runModel, table } from '../helpers.ts';

const db = await modelDb('structure');
afterAll(() => db.close());

/** Regions whose average growth over 2010-2020 is exactly 0.1 - 0.01 ln y0: beta = -0.01. */
async function inputs(regions: [string, number][]): Promise<void> {
  const rows = regions.flatMap(([region_kato, y0]) => [
    { region_kato, year: 2010, vintage: '2022', grp_per_capita: y0 },
    {
      region_kato,
      year: 2020,
      vintage: '2022',
      grp_per_capita: y0 * Math.exp(10 * (0.1 - 0.01 * Math.log(y0))),
    },
  ]);
  await table(db, 'per_capita_on_vintage', rows, { grp_per_capita: 'DOUBLE' });
  await table(
    db,
    'grp_per_capita',
    rows.map((r) => ({ year: r.year, boundary_vintage: '2022', rank: 1 })),
  );
}

describe('beta_convergence: OLS of g = (1/T) ln(y_T1 / y_T0) on ln y_T0 across regions', () => {
  it('beta, speed = -ln(1 + T beta) / T, half-life = ln 2 / speed; a perfect fit has a standard error of 0', async () => {
    await inputs([
      ['110000000', 100],
      ['150000000', 200],
      ['710000000', 400],
    ]);
    const rows = rounded(await runModel(db, 'structure', 'beta_convergence'));
    expect(
      pick(rows, [
        'from_year',
        'to_year',
        'regions',
        'beta',
        'beta_std_error',
        'r2',
        'convergence_speed',
        'half_life',
      ]),
    ).toEqual([
      // -ln(0.9) / 10 = 0.0105361; ln 2 / 0.0105361 = 65.788
      {
        from_year: 2010,
        to_year: 2020,
        regions: 3,
        beta: -0.01,
        beta_std_error: 0,
        r2: 1,
        convergence_speed: 0.010536,
        half_life: 65.788135,
      },
    ]);
  });

  it('fewer than 3 regions: no row (no degree of freedom for the residual)', async () => {
    await inputs([
      ['110000000', 100],
      ['150000000', 200],
    ]);
    expect(await runModel(db, 'structure', 'beta_convergence')).toEqual([]);
  });
});
