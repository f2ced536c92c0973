import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/engine/run-summary.ts';
import { copyOfRaw, reviseAkmola2013, runJson, tempDir } from '../helpers/cli.ts';
import { query } from '../helpers/duckdb.ts';
import { copyCli, projectCopy } from '../helpers/project-copy.ts';

/**
 * The observations pipeline computes by indicator: after a revision of one input, compute runs
 * harmonised.sql on the indicators of that input's new part alone and takes the other indicators'
 * rows from its last run. What it publishes must be what a run from scratch on the same inputs
 * publishes, row for row, with the same warnings (bar the revision warnings, which only a second
 * version can have).
 */
const run = async (raw: string, out: string, ...more: string[]) => {
  const r = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out, ...more]);
  expect(r.code, r.stderr).toBe(0);
  return r.summary;
};

const stageNote = (s: RunSummary, stage: string) =>
  s.pipelines[0]!.stages.find((st) => st.name === stage)!.reason ?? '';
const computeNote = (s: RunSummary) => stageNote(s, 'compute');

async function published(
  out: string,
  table: string,
): Promise<{ rows: string; warnings: string[]; parts: string[] }> {
  const dir = path.join(out, 'observations', 'latest');
  const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
  const parts = pkg.resources.find((r: { name: string }) => r.name === table).path;
  const warnings = (pkg.kzstat.warnings as { check: string; message: string }[])
    .filter((w) => w.check !== 'revised')
    .map((w) => `${w.check}: ${w.message}`)
    .sort();
  return { rows: path.join(dir, table, '*.parquet'), warnings, parts };
}

/** Rows of one that the other has not, both ways (EXCEPT ALL keeps duplicates apart). */
async function differences(a: string, b: string): Promise<number> {
  const [r] = await query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM (FROM read_parquet('${a}') EXCEPT ALL FROM read_parquet('${b}')))
           + (SELECT count(*) FROM (FROM read_parquet('${b}') EXCEPT ALL FROM read_parquet('${a}'))))::INTEGER AS n`,
  );
  return r!.n;
}

async function expectSameAsFromScratch(raw: string, out: string): Promise<void> {
  const scratch = await tempDir();
  await run(raw, scratch);
  for (const table of ['harmonised', 'observations']) {
    const [a, b] = [await published(out, table), await published(scratch, table)];
    expect(await differences(a.rows, b.rows), table).toBe(0);
    expect(a.warnings).toEqual(b.warnings);
    // the same parts, listed in the same order: the descriptor does not tell how they were computed
    expect(a.parts).toEqual(b.parts);
  }
}

describe('compute by indicator', () => {
  it('after a revision of one input computes its indicators alone, and publishes what a run from scratch does', async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    await run(raw, out);
    await reviseAkmola2013(path.join(raw, 'reference', 'rd_organisations_2009_2013.csv'), 13);
    const second = await run(raw, out);
    // the R&D table shares rd_organisations with the R&D bulletin: one part, four indicators
    expect(computeNote(second)).toMatch(
      /computed the 4 indicators of the changed inputs \(rd_expenditure, rd_organisations, rd_personnel, rd_researchers\); the other \d+ from the last run/,
    );
    // the normalisation's checks read the new part alone, and still report what the others hold
    expect(stageNote(second, 'check')).toMatch(/the observation checks read 1 of \d+ parts/);
    await expectSameAsFromScratch(raw, out);

    // an input removed: its indicators' rows go, the others stay as they were
    const sources = path.join(raw, 'sources.json');
    const declared = JSON.parse(await readFile(sources, 'utf8'));
    declared.sources = declared.sources.filter((s: { path: string }) => s.path !== 'sdg/indicator_9-5-2.csv');
    await writeFile(sources, JSON.stringify(declared));
    await rm(path.join(raw, 'sdg', 'indicator_9-5-2.csv'));
    const third = await run(raw, out);
    expect(computeNote(third)).toContain(
      'computed the 1 indicator of the changed inputs (researchers_per_million)',
    );
    await expectSameAsFromScratch(raw, out);

    // --force trusts no cache, the last run's tables neither
    const forced = await run(raw, out, '--force');
    expect(computeNote(forced)).not.toContain('computed the');
    expect(stageNote(forced, 'check')).not.toContain('observation checks read');
  });

  it("computes everything when the last run's tables are damaged, and still publishes what a run from scratch does", async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    await run(raw, out);
    const compute = path.join(out, '.kzstat', 'cache', 'observations', 'compute');
    const [dir] = await readdir(compute);
    await rm(path.join(compute, dir!, 'kept', 'harmonise_refused.parquet'));
    await reviseAkmola2013(path.join(raw, 'reference', 'rd_organisations_2009_2013.csv'), 13);
    expect(computeNote(await run(raw, out))).not.toContain('computed the');
    await expectSameAsFromScratch(raw, out);
  });

  it('refuses a kept table without an indicator column, naming the model', async () => {
    const root = await projectCopy();
    const model = 'pipelines/observations/models/harmonised.sql';
    const at = path.join(root, model);
    const sql = await readFile(at, 'utf8');
    await writeFile(
      at,
      `${sql}\nCREATE OR REPLACE TABLE harmonise_summary AS SELECT count(*) AS n FROM harmonised;\n`,
    );
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    const r = await copyCli(root, ['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pipeline definition error in ${model}`);
    expect(r.stderr).toContain("the table 'harmonise_summary' it keeps has no column indicator");
  });
});
