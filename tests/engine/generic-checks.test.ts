import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../../src/core/duckdb.ts';
import type { TableSpec } from '../../src/core/pipeline.ts';
import { genericViolations } from '../../src/engine/stages/check.ts';

const spec: TableSpec = {
  name: 'shares',
  title: 'a table of shares (synthetic test rows)',
  description: 'synthetic',
  primaryKey: ['region_kato', 'year'],
  columns: [
    { name: 'region_kato', type: 'string', required: true, description: 'region' },
    { name: 'year', type: 'int32', required: true, description: 'year' },
    { name: 'share', type: 'double', description: 'a share' },
  ],
};

describe('the checks every published table gets from its contract', async () => {
  const db = await Db.open();
  afterAll(() => db.close());

  it('pass a clean table', async () => {
    await db.run(
      `CREATE OR REPLACE TABLE shares AS SELECT * FROM (VALUES ('110000000', 2022, 0.5), ('150000000', 2022, NULL)) t(region_kato, year, share)`,
    );
    expect(await genericViolations(db, spec)).toEqual([]);
  });

  it('name a repeated key, a missing required value and a division by zero, row by row', async () => {
    await db.run(`CREATE OR REPLACE TABLE shares AS SELECT * FROM (VALUES
      ('110000000', 2022, 0.5), ('110000000', 2022, 0.6),
      ('150000000', NULL, 0.1),
      ('190000000', 2022, 'Infinity'::DOUBLE), ('230000000', 2022, 'NaN'::DOUBLE)) t(region_kato, year, share)`);
    expect(await genericViolations(db, spec)).toEqual([
      { check: 'shares: year present', message: 'row (150000000, NULL) has no year' },
      {
        check: 'shares: share finite',
        message: 'row (190000000, 2022) has share = inf (division by zero must give NULL)',
      },
      {
        check: 'shares: share finite',
        message: 'row (230000000, 2022) has share = nan (division by zero must give NULL)',
      },
      { check: 'shares: unique key', message: 'key (110000000, 2022) appears 2 times' },
    ]);
  });

  it('count a key repeated with a missing part as repeated, and every copy of a key', async () => {
    await db.run(`CREATE OR REPLACE TABLE shares AS SELECT * FROM (VALUES
      ('110000000', 2022, 0.5), ('110000000', 2022, 0.6), ('110000000', 2022, 0.7), ('110000000', 2023, 0.7),
      ('150000000', NULL, 0.1), ('150000000', NULL, 0.2)) t(region_kato, year, share)`);
    const found = await genericViolations(db, spec);
    expect(found.filter((v) => v.check === 'shares: unique key')).toEqual([
      { check: 'shares: unique key', message: 'key (110000000, 2022) appears 3 times' },
      { check: 'shares: unique key', message: 'key (150000000, NULL) appears 2 times' },
    ]);
  });
});
