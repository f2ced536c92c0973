import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/core/duckdb.ts';
import { modelDb, type Row, runModel } from '../helpers.ts';

const dbs: Db[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
});

async function scenarios(params: Row): Promise<{ db: Db; rows: Row[] }> {
  const db = await modelDb('innovation', params);
  dbs.push(db);
  await runModel(db, 'innovation', 'rating_indicators');
  return { db, rows: await runModel(db, 'innovation', 'rating_scenarios') };
}

const byScenario = (rows: Row[]) => [...rows].sort((a, b) => (a.scenario as number) - (b.scenario as number));

describe('rating_scenarios: the joint draws and the one-at-a-time scenarios of the uncertainty analysis', () => {
  it('one at a time: each other method, each other mean, each position left out, n weight draws; numbered after the n joint ones', async () => {
    // defaults but 3 draws: normalisation_method minmax, aggregation arithmetic
    const { rows } = await scenarios({ uncertainty_draws: 3 });
    // 3 joint + 2 normalisations (rank, zscore) + 2 means (geometric, harmonic) + 6 positions + 3 weight draws
    expect(rows).toHaveLength(16);
    const one = byScenario(rows).filter((r) => r.assumption !== 'joint');
    // numbered 3 + 1.. in the order of (assumption, level): aggregation < left_out < normalisation < weights
    const s = (
      scenario: number,
      assumption: string,
      level: string | null,
      norm: string,
      agg: string,
      left_out: number,
      perturbed: boolean,
    ) => ({
      scenario,
      assumption,
      level,
      norm,
      agg,
      left_out,
      perturbed,
    });
    expect(one).toEqual([
      s(4, 'aggregation', 'geometric', 'nominal', 'geometric', 0, false),
      s(5, 'aggregation', 'harmonic', 'nominal', 'harmonic', 0, false),
      s(6, 'left_out', '1', 'nominal', 'arithmetic', 1, false),
      s(7, 'left_out', '2', 'nominal', 'arithmetic', 2, false),
      s(8, 'left_out', '3', 'nominal', 'arithmetic', 3, false),
      s(9, 'left_out', '4', 'nominal', 'arithmetic', 4, false),
      s(10, 'left_out', '5', 'nominal', 'arithmetic', 5, false),
      s(11, 'left_out', '6', 'nominal', 'arithmetic', 6, false),
      s(12, 'normalisation', 'rank', 'rank', 'arithmetic', 0, false),
      s(13, 'normalisation', 'zscore', 'zscore', 'arithmetic', 0, false),
      s(14, 'weights', null, 'nominal', 'arithmetic', 0, true),
      s(15, 'weights', null, 'nominal', 'arithmetic', 0, true),
      s(16, 'weights', null, 'nominal', 'arithmetic', 0, true),
    ]);
  });

  it('goalposts as the nominal method: all three drawable methods are one-at-a-time scenarios, and the joint draws never use it', async () => {
    const { rows } = await scenarios({
      uncertainty_draws: 40,
      normalisation_method: 'goalposts',
      aggregation: 'geometric',
    });
    const one = rows.filter((r) => r.assumption === 'normalisation' || r.assumption === 'aggregation');
    expect(one.map((r) => [r.assumption, r.level, r.agg])).toEqual([
      // the other means than geometric; the normalisations keep the nominal mean
      ['aggregation', 'arithmetic', 'arithmetic'],
      ['aggregation', 'harmonic', 'harmonic'],
      ['normalisation', 'minmax', 'geometric'],
      ['normalisation', 'rank', 'geometric'],
      ['normalisation', 'zscore', 'geometric'],
    ]);
    const joint = rows.filter((r) => r.assumption === 'joint');
    expect(joint).toHaveLength(40);
    for (const r of joint) expect(['minmax', 'zscore', 'rank']).toContain(r.norm);
  });

  it('a joint draw: norm, agg and left_out from u = uniform_draw(seed, scenario, key); the same seed gives the same draws, another seed others', async () => {
    const n = 30;
    const { db, rows } = await scenarios({ uncertainty_draws: n, uncertainty_seed: 7 });
    // u of each scenario and key from the macro (macros.sql), mapped as the header says:
    // norm = [minmax, zscore, rank][floor(3u)], agg = [arithmetic, geometric, harmonic][floor(3u)],
    // left_out = floor(7u) (0 = none, else a position 1..6)
    const u = await db.all<{ scenario: number; norm: number; agg: number; left_out: number }>(`
      SELECT s AS scenario, uniform_draw(7, s, 'normalisation') AS norm, uniform_draw(7, s, 'aggregation') AS agg,
             uniform_draw(7, s, 'left_out') AS left_out
      FROM range(1, ${n + 1}) t(s) ORDER BY s`);
    const expected = u.map((d) => ({
      scenario: Number(d.scenario),
      assumption: 'joint',
      level: null,
      norm: ['minmax', 'zscore', 'rank'][Math.floor(d.norm * 3)],
      agg: ['arithmetic', 'geometric', 'harmonic'][Math.floor(d.agg * 3)],
      left_out: Math.floor(d.left_out * 7),
      perturbed: true,
    }));
    const joint = byScenario(rows.filter((r) => r.assumption === 'joint'));
    expect(joint).toEqual(expected);
    // 30 draws reach more than one choice of each (a mapping stuck on one value would not)
    for (const k of ['norm', 'agg', 'left_out'] as const)
      expect(new Set(joint.map((r) => r[k])).size).toBeGreaterThan(1);

    const again = await scenarios({ uncertainty_draws: n, uncertainty_seed: 7 });
    expect(byScenario(again.rows)).toEqual(byScenario(rows));
    const other = await scenarios({ uncertainty_draws: n, uncertainty_seed: 8 });
    expect(byScenario(other.rows.filter((r) => r.assumption === 'joint'))).not.toEqual(joint);
    // the one-at-a-time scenarios do not depend on the seed
    expect(byScenario(other.rows.filter((r) => r.assumption !== 'joint'))).toEqual(
      byScenario(rows.filter((r) => r.assumption !== 'joint')),
    );
  });
});
