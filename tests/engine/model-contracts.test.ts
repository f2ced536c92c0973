import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { smallRaw, tempDir } from '../helpers/cli.ts';
import { copyCli, projectCopy } from '../helpers/project-copy.ts';

/**
 * A published table is declared once, in `models/<table>.table.ts` beside its model, and what the
 * model returns is compared with it before anything else runs on it: a column the SQL adds, renames
 * or types otherwise stops the run with exit 2, naming the model file and the column, and nothing is
 * published. Each test breaks one thing in a copy of the project (the observations pipeline on a
 * small raw folder).
 */
let raw: string;
let out: string;

beforeAll(async () => {
  [raw, out] = [await smallRaw(), await tempDir()];
});

const model = 'pipelines/observations/models/harmonised.sql';
const contract = 'pipelines/observations/models/harmonised.table.ts';

async function broken(change: (sql: string) => string, file = model) {
  const root = await projectCopy();
  const at = path.join(root, file);
  const before = await readFile(at, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  await writeFile(at, after);
  const r = await copyCli(root, ['run', 'observations', '--raw', raw, '--out', out, '--json']);
  const summary = runSummary.parse(JSON.parse(r.stdout));
  expect(summary.published).toEqual([]);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.code).toBe(2);
  return summary.error?.message ?? '';
}

describe("a model's result is checked against its table's contract", () => {
  it('a column added only in the SQL', async () => {
    const message = await broken((s) =>
      s
        .replace(
          'END AS harmonised_from\nFROM harmonise_direct',
          'END AS harmonised_from, 1.5 AS weight\nFROM harmonise_direct',
        )
        .replace("' borders)'\nFROM harmonise_sums s", "' borders)', 1.5\nFROM harmonise_sums s"),
    );
    expect(message).toContain(`pipeline definition error in ${model}`);
    expect(message).toContain(`does not match its contract (${contract})`);
    expect(message).toContain("column 'weight': the model returns it, the contract does not declare it");
  });

  it('a column renamed only in the SQL', async () => {
    const message = await broken((s) => s.replace('END AS harmonised_from', 'END AS harmonised_frm'));
    expect(message).toContain(`pipeline definition error in ${model}`);
    expect(message).toContain(
      "column 'harmonised_from': the contract declares it (VARCHAR), the model does not return it",
    );
    expect(message).toContain(
      "column 'harmonised_frm': the model returns it, the contract does not declare it",
    );
  });

  it('a column of another type', async () => {
    // the first branch of the UNION ALL decides nothing alone: INTEGER and DOUBLE make DOUBLE
    const message = await broken((s) =>
      s.replace('period_type, year, period_start', 'period_type, year::DOUBLE AS year, period_start'),
    );
    expect(message).toContain(`pipeline definition error in ${model}`);
    expect(message).toContain("column 'year': the model returns it as DOUBLE, the contract declares INTEGER");
  });

  it('a contract with a type kzstat does not know names the contract file', async () => {
    const message = await broken(
      (s) => s.replace("type: 'string' as const", "type: 'text' as const"),
      'pipelines/observations/columns.ts',
    );
    expect(message).toContain(`pipeline definition error in ${contract}`);
    expect(message).toMatch(/columns\.\d+\.type/);
  });

  it('a contract whose key names a column it does not declare', async () => {
    const message = await broken(
      (s) => s.replace('primaryKey: observationKey,', "primaryKey: [...observationKey, 'vintage'],"),
      contract,
    );
    expect(message).toContain(`pipeline definition error in ${contract}`);
    expect(message).toContain("its primaryKey names 'vintage', which is not among its columns");
  });
});
