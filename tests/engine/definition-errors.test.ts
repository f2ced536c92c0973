import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSummary } from '../../src/engine/run-summary.ts';
import { smallRaw, tempDir } from '../helpers/cli.ts';
import { copyCli, projectCopy } from '../helpers/project-copy.ts';

/**
 * A mistake in a pipeline's definition is its author's to fix, not a bug of
 * kzstat: exit 2, a message naming the file and the name, nothing published.
 * Each test breaks one thing in a copy of the project and runs the
 * observations pipeline on a small raw folder (one output folder for all, so
 * only the broken stage runs again).
 */
let raw: string;
let out: string;

beforeAll(async () => {
  [raw, out] = [await smallRaw(), await tempDir()];
});

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const at = path.join(root, file);
  const before = await readFile(at, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  await writeFile(at, after);
}

async function runBroken(root: string) {
  const r = await copyCli(root, ['run', 'observations', '--raw', raw, '--out', out, '--json']);
  const summary = runSummary.parse(JSON.parse(r.stdout));
  expect(summary.published).toEqual([]);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return { ...r, message: summary.error?.message ?? '' };
}

const harmonised = 'pipelines/observations/models/harmonised.sql';

/** A check added to a pipeline's folder: found by the check stage as it is, with no list to add it to. */
async function addCheck(root: string, file: string, sql: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), sql);
}

describe('pipeline definition errors exit 2 naming the file and the name', () => {
  it('a model that reads a table nothing creates', async () => {
    const root = await projectCopy();
    await edit(root, harmonised, (s) =>
      s.replace(
        'UNION SELECT target_kato, source_vintage, target_vintage FROM territory_pieces',
        'UNION SELECT target_kato, source_vintage, target_vintage FROM obs_typo',
      ),
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${harmonised}`);
    // the line where the statement that reads it begins
    const text = await readFile(path.join(root, harmonised), 'utf8');
    const line = text
      .slice(0, text.indexOf('CREATE OR REPLACE TEMP TABLE territory_changed'))
      .split('\n').length;
    expect(r.message).toContain(`it reads 'obs_typo' (line ${line})`);
  });

  it('a comma join to an unknown table, which only DuckDB sees', async () => {
    const root = await projectCopy();
    await edit(root, harmonised, (s) =>
      s.replace('FROM territory_pieces;', 'FROM territory_pieces, obs_typo_b;'),
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${harmonised}`);
    expect(r.message).toContain('obs_typo_b');
  });

  it('models that read each other in a cycle', async () => {
    const root = await projectCopy();
    const models = path.join(root, 'pipelines/observations/models');
    await writeFile(path.join(models, 'a_first.sql'), 'SELECT * FROM b_second\n');
    await writeFile(path.join(models, 'b_second.sql'), 'SELECT * FROM a_first\n');
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(
      'pipelines/observations/models/a_first.sql -> pipelines/observations/models/b_second.sql -> pipelines/observations/models/a_first.sql read each other in a cycle',
    );
  });

  it('a table declared without its model', async () => {
    const root = await projectCopy();
    await writeFile(
      path.join(root, 'pipelines/observations/models/gini_by_region.table.ts'),
      `import { defineTable } from '../../../src/index.ts';
export default defineTable({ title: 'Gini', description: 'a table with no model', primaryKey: ['region_kato'],
  columns: [{ name: 'region_kato', type: 'string', required: true, description: 'region' }] });\n`,
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain('pipeline definition error in pipelines/observations/pipeline.ts');
    expect(r.message).toContain("'gini_by_region', which no step creates");
  });

  it('a model that fails on the rows it meets (a CAST that cannot convert)', async () => {
    const root = await projectCopy();
    const model = 'pipelines/observations/models/indicator_numbers.sql';
    await writeFile(path.join(root, model), 'SELECT CAST(indicator AS INTEGER) AS n FROM observations\n');
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(
      `pipeline definition error in ${model}: it failed on the rows it ran on: Conversion Error`,
    );
  });

  it('a script model that fails in one of its statements names that statement and its line', async () => {
    const root = await projectCopy();
    await edit(root, harmonised, (s) =>
      s.replace(
        'JOIN regions r ON r.kato = h.region_kato',
        'JOIN regions r ON r.kato = h.region_kato AND CAST(h.indicator AS INTEGER) > 0',
      ),
    );
    const text = await readFile(path.join(root, harmonised), 'utf8');
    const line = text
      .slice(0, text.indexOf('CREATE OR REPLACE TEMP TABLE harmonise_direct'))
      .split('\n').length;
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toMatch(
      new RegExp(
        `^pipeline definition error in ${harmonised} \\(statement 3 of \\d+, line ${line}\\): it failed on the rows it ran on: Conversion Error`,
      ),
    );
  });

  it('a parameter declared without a description', async () => {
    const root = await projectCopy();
    const pipeline = 'pipelines/observations/pipeline.ts';
    await edit(root, pipeline, (s) =>
      s.replace('params: z.object({', 'params: z.object({\n    min_share: z.number().default(1),'),
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(
      `pipeline definition error in ${pipeline}: its parameter min_share has no description`,
    );
  });

  it('a model that renames a column its table declares', async () => {
    const root = await projectCopy();
    await edit(root, harmonised, (s) => s.replace('END AS harmonised_from', 'END AS harmonised_frm'));
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${harmonised}`);
    expect(r.message).toContain('harmonised_from');
  });

  it('a check that names a column its table does not have', async () => {
    const root = await projectCopy();
    const check = 'pipelines/observations/checks/negative_values.sql';
    await addCheck(
      root,
      check,
      '-- severity: error\n-- negative_values: no figure below zero.\nSELECT indicator AS message FROM observations WHERE valu < 0\n',
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${check}`);
    expect(r.message).toContain('valu');
  });

  it('a check whose header declares no severity', async () => {
    const root = await projectCopy();
    const check = 'pipelines/observations/checks/negative_values.sql';
    // the form check headers had before their severity moved into a line of its own
    await addCheck(
      root,
      check,
      '-- negative_values (error): no figure below zero.\nSELECT indicator AS message FROM observations WHERE value < 0\n',
    );
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${check}: it declares no severity`);
    expect(r.message).toContain("'-- severity: error'");
    expect(r.message).toContain("'-- severity: warn'");
  });

  it('a query of a TypeScript step that names a table nothing creates', async () => {
    const root = await projectCopy();
    const query = 'pipelines/observations/report/harmonise_refused.sql';
    await edit(root, query, (s) => s.replace('FROM harmonise_refused', 'FROM harmonise_refusd'));
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(`pipeline definition error in ${query}`);
    expect(r.message).toContain('harmonise_refusd');
  });

  it('a query of a TypeScript step that is not there, or that the fingerprint does not cover', async () => {
    const root = await projectCopy();
    const pipeline = 'pipelines/observations/pipeline.ts';
    await edit(root, pipeline, (s) =>
      s.replace("'report/harmonise_refused.sql'", "'report/harmonise_refusd.sql'"),
    );
    const missing = await runBroken(root);
    expect(missing.code).toBe(2);
    expect(missing.message).toContain(`pipeline definition error in ${pipeline}`);
    expect(missing.message).toContain(
      "its step 'harmonise_refused' queries pipelines/observations/report/harmonise_refusd.sql, which is not there",
    );
    await edit(root, pipeline, (s) => s.replace("reads: ['pipelines/observations/report'],", ''));
    const r = await runBroken(root);
    expect(r.code).toBe(2);
    expect(r.message).toContain(
      "its step 'harmonise_refused' queries pipelines/observations/report/harmonise_refusd.sql, which its reads do not list",
    );
  });

  it("stays in its pipeline: a typo in innovation's model leaves a run of observations working", async () => {
    const root = await projectCopy();
    const model = 'pipelines/innovation/models/rd_dynamics.sql';
    await edit(root, model, (s) => s.replace(/\bFROM observations\b/, 'FROM obs_typo'));
    const ok = await copyCli(root, ['run', 'observations', '--raw', raw, '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    const broken = await copyCli(root, ['run', 'innovation', '--raw', raw, '--out', out]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`pipeline definition error in ${model}`);
  });
});
