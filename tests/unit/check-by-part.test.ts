import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { PROBLEMS_PER_FILE } from '../../src/core/errors.ts';
import { checkByPart, findingBasis, type ObservationPart } from '../../src/engine/check-by-part.ts';
import { tempDir } from '../helpers/cli.ts';

/** A check over parts gives what it gives over the whole table, reading only the parts it has no findings for. */
let db: Db;
let parts: ObservationPart[];

beforeAll(async () => {
  db = await Db.open({ threads: 1 });
  const dir = await tempDir();
  parts = [];
  // synthetic rows: part a has 30 values below zero, part b two, part c none; the messages of a and b interleave
  for (const [name, bad] of [
    ['a', 30],
    ['b', 2],
    ['c', 0],
  ] as const) {
    const file = path.join(dir, `${name}.parquet`);
    await db.run(
      `COPY (SELECT '${name}' AS part, i AS n, CASE WHEN i < ${bad} THEN -1 ELSE 1 END AS value FROM range(40) t(i)) TO ${lit(file)}`,
    );
    parts.push({ path: file, hash: `hash-${name}` });
  }
  await db.run(
    `CREATE VIEW whole AS SELECT * FROM read_parquet([${parts.map((p) => lit(p.path)).join(', ')}])`,
  );
  await db.run('CREATE TABLE indicators AS SELECT 1 AS id; CREATE TABLE regions AS SELECT 1 AS kato');
});
afterAll(() => db.close());

const check = (from: string) => async () =>
  (
    await db.all<{ message: string }>(
      `SELECT n || ' in ' || part AS message FROM ${from} WHERE value < 0 ORDER BY message LIMIT ${PROBLEMS_PER_FILE + 1}`,
    )
  ).map((r) => r.message);

describe('a normalisation check part by part', () => {
  it('finds what it finds over the whole table, and reads only the parts it knows nothing of', async () => {
    const whole = await check('whole')();
    const first = await checkByPart(db, {
      check: 'negative',
      basis: 'b1',
      parts,
      known: {},
      violations: check('observations'),
    });
    expect(first.messages).toEqual(whole);
    expect(first.read).toBe(3);
    // part b revised: a new hash; a and c as they were
    const revised = parts.map((p) => (p.hash === 'hash-b' ? { ...p, hash: 'hash-b2' } : p));
    const second = await checkByPart(db, {
      check: 'negative',
      basis: 'b1',
      parts: revised,
      known: first.findings,
      violations: check('observations'),
    });
    expect(second.read).toBe(1);
    expect(second.messages).toEqual(whole);
    // another basis (the catalogue or a parameter changed): every part is read again
    const other = await checkByPart(db, {
      check: 'negative',
      basis: 'b2',
      parts,
      known: first.findings,
      violations: check('observations'),
    });
    expect(other.read).toBe(3);
  });

  it('takes a changed catalogue, regions or parameter into its basis', async () => {
    const before = await findingBasis(db, { x: 1 });
    expect(await findingBasis(db, { x: 1 })).toBe(before);
    expect(await findingBasis(db, { x: 2 })).not.toBe(before);
    await db.run('INSERT INTO indicators VALUES (2)');
    expect(await findingBasis(db, { x: 1 })).not.toBe(before);
  });
});
