import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/core/duckdb.ts';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const dbs: Db[] = [];
afterAll(() => {
  for (const db of dbs) db.close();
});

/** rating_figures as the model reads it: one used figure per region of a year. */
async function figures(db: Db, values: number[]): Promise<void> {
  await table(
    db,
    'rating_figures',
    values.map((v, i) => ({
      region_kato: `${String(i + 10).padStart(2, '0')}0000000`,
      year: 2022,
      indicator: 'rd_organisations',
      value_used: v,
    })),
    { value_used: 'DOUBLE' },
  );
}

describe('rating_treatment: COINr outlier treatment, per indicator and year', () => {
  it('winsorises 1..10, 100 to 1..10, 10 in one step (the example of COINr and the header)', async () => {
    const db = await modelDb('innovation', { treatment: 'winsorise' });
    dbs.push(db);
    await figures(db, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]);
    const rows = await runModel(db, 'innovation', 'rating_treatment');
    expect(rows.map((r) => r.treated_value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    expect(rows.at(-1)!.treatment).toBe('winsorised (highest values set to 10 in 1 step)');
    expect(rows[0]!.treatment).toBe('kept (highest values set to 10 in 1 step)');
  });

  it('treats nothing by default, and tests nothing with fewer than 4 figures or all figures equal', async () => {
    const none = await modelDb('innovation');
    dbs.push(none);
    await figures(none, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]);
    expect(
      pick(await runModel(none, 'innovation', 'rating_treatment'), ['treated_value', 'treatment'])[10],
    ).toEqual({ treated_value: null, treatment: 'none' });

    const few = await modelDb('innovation', { treatment: 'winsorise' });
    dbs.push(few);
    await figures(few, [1, 2, 300]);
    const fewRows = await runModel(few, 'innovation', 'rating_treatment');
    expect(fewRows.map((r) => r.treated_value)).toEqual([1, 2, 300]);
    expect(fewRows[0]!.treatment).toBe('not tested: 3 figures in the year, skewness and kurtosis need 4');

    const equal = await modelDb('innovation', { treatment: 'winsorise' });
    dbs.push(equal);
    await figures(equal, [5, 5, 5, 5, 5]);
    expect((await runModel(equal, 'innovation', 'rating_treatment'))[0]!.treatment).toBe(
      'not tested: all figures of the year are equal',
    );
  });
});
