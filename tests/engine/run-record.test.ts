import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNS_KEPT, runRecord } from '../../src/engine/run-record.ts';
import { Workspace } from '../../src/engine/workspace.ts';

const runsDir = (out: string) => new Workspace(out).runsDir;

import { copyOfRaw, runCli, runJson, tempDir } from '../helpers/cli.ts';

/**
 * What a run prints of its warnings: the new ones in full, grouped by kind;
 * the ones the previous run of the same inputs gave too as one line pointing
 * at the run's record, which (like --json) keeps every warning.
 */
const CSV = path.join('reference', 'rd_organisations_2009_2013.csv');

/** Akmola's 2013 R&D organisations 12 -> 13: the regions no longer add up to the Republic's 341. */
async function editAkmola2013(raw: string): Promise<void> {
  const file = path.join(raw, CSV);
  const text = await readFile(file, 'utf8');
  const edited = text.replace(
    'rd_organisations,Akmola Region,2013,12,',
    'rd_organisations,Akmola Region,2013,13,',
  );
  expect(edited).not.toBe(text);
  await writeFile(file, edited);
}

const records = async (out: string) =>
  (await readdir(runsDir(out))).filter((f) => f.endsWith('.json')).sort();

describe('warnings a person can read', () => {
  it('a forced re-run of the bundled data after the first run prints no warning in full, only the count of known ones', async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    const first = await runCli(['run', '--offline', '--raw', raw, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const firstJson = await runJson(['run', '--offline', '--raw', raw, '--out', out]);
    const messages = [...new Set(firstJson.summary.warnings.map((w) => w.message))];
    expect(messages.length).toBeGreaterThan(20);
    // the first run printed every one of them in full, grouped by kind with a count
    for (const m of messages) expect(first.stdout).toContain(m);
    expect(first.stdout).toMatch(/^\d+ warnings:$/m);
    expect(first.stdout).toMatch(/^ {2}republic_vs_regions \(\d+\)$/m);

    const forced = await runCli(['run', '--offline', '--force', '--raw', raw, '--out', out]);
    expect(forced.code, forced.stderr).toBe(0);
    for (const m of messages) expect(forced.stdout).not.toContain(m);
    const known = forced.stdout.match(/^(\d+) known warnings \((.+)\), see (\S+\.json)$/m);
    expect(known, forced.stdout).not.toBeNull();
    expect(Number(known![1])).toBe(messages.length);
    // known source errors stay reported: counted by kind
    expect(known![2]).toMatch(/republic_vs_regions 5/);
    expect(path.dirname(known![3]!)).toBe(runsDir(out));
    const record = runRecord.parse(JSON.parse(await readFile(known![3]!, 'utf8')));
    expect(record.warnings.length).toBe(firstJson.summary.warnings.length);
    expect(record.warnings.every((w) => w.known)).toBe(true);
  });

  it('a changed input that causes a new warning prints that one in full, the rest as known', async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    const before = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(before.code, before.stderr).toBe(0);
    await editAkmola2013(raw);
    const after = await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(after.code, after.stderr).toBe(0);
    const text = after.stdout;
    const fresh = text.slice(text.indexOf('new warnings'), text.search(/^\d+ known warnings/m));
    expect(text).toMatch(/^3 new warnings \(not in the previous run of these inputs\):$/m);
    expect(fresh).toContain(
      'rd_organisations 2013 (reference/rd_organisations_2009_2013.csv): the Republic row says 341, its 16 regions sum to 342 (0.29 %)  [observations]',
    );
    // the revision of the published figure is new too, in both tables that carry it
    expect(fresh).toMatch(
      /revised \(2\)\n {4}observations\.harmonised: 1 row changed.*\n {4}observations\.observations: 1 row changed/,
    );
    // every warning of the first run is known, none of them printed
    const known = text.match(/^(\d+) known warnings/m);
    expect(Number(known![1])).toBe(before.summary.warnings.length);
    for (const w of before.summary.warnings) expect(text).not.toContain(w.message);
  });

  it('--json keeps every warning, each with its pipeline and whether it is known, and names the record', async () => {
    const [raw, out] = [await copyOfRaw(), await tempDir()];
    const first = await runJson([
      'run',
      'observations',
      'structure',
      '--offline',
      '--raw',
      raw,
      '--out',
      out,
    ]);
    expect(first.summary.warnings.every((w) => w.known === false)).toBe(true);
    const second = await runJson([
      'run',
      'observations',
      'structure',
      '--offline',
      '--raw',
      raw,
      '--out',
      out,
    ]);
    expect(second.summary.warnings).toEqual(first.summary.warnings.map((w) => ({ ...w, known: true })));
    // a warning both pipelines give is in the JSON twice, once per pipeline; printed once, naming both
    const twice = second.summary.warnings.filter((w) => w.message.includes("label 'Туркестанская'"));
    expect(twice.map((w) => w.pipeline)).toEqual(['observations', 'structure']);
    expect(second.summary.record).toBe(path.join(runsDir(out), `${second.summary.run_id}.json`));
    const printed = await runCli([
      ...['run', 'observations', 'structure', '--offline', '--force', '--raw', raw, '--out', out],
    ]);
    expect(printed.stdout).not.toContain("label 'Туркестанская'");
  });

  it('known means the previous run of the same inputs: a run of other inputs in between changes nothing', async () => {
    const [raw, other, out] = [await copyOfRaw(), await copyOfRaw(), await tempDir()];
    await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    await editAkmola2013(other);
    const between = await runJson(['run', 'observations', '--offline', '--raw', other, '--out', out]);
    // another raw folder is other inputs: nothing to compare with, so nothing is known
    expect(between.summary.warnings.some((w) => w.known)).toBe(false);
    const again = await runJson(['run', 'observations', '--offline', '--force', '--raw', raw, '--out', out]);
    // back to the first inputs: only the revisions back to them (observations and harmonised) are new
    expect(again.summary.warnings.filter((w) => !w.known).map((w) => w.check)).toEqual([
      'revised',
      'revised',
    ]);
  });

  it('a damaged record is skipped, not trusted; records are kept to the newest 30 and the newest of other inputs', async () => {
    const [raw, other, out] = [await copyOfRaw(), await copyOfRaw(), await tempDir()];
    await runCli(['run', 'observations', '--offline', '--raw', other, '--out', out]);
    const [otherRecord] = await records(out);
    const first = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    const text = await readFile(first.summary.record!, 'utf8');
    await writeFile(first.summary.record!, text.slice(0, text.length / 2));
    const next = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(next.code).toBe(0);
    expect(next.summary.warnings.every((w) => !w.known)).toBe(true);

    // SYNTHETIC records of the same inputs (copies of a real one, renamed and dated in 2099, so newer
    // than all the others)
    const model = runRecord.parse(JSON.parse(await readFile(next.summary.record!, 'utf8')));
    for (let i = 0; i < RUNS_KEPT + 5; i++) {
      const id = `20990101T0000${String(i).padStart(2, '0')}Z-synthetic`;
      const started = `2099-01-01T00:00:${String(i).padStart(2, '0')}.000Z`;
      await writeFile(
        path.join(runsDir(out), `${id}.json`),
        JSON.stringify({ ...model, run_id: id, started_at: started }),
      );
    }
    const last = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(last.summary.warnings.every((w) => w.known)).toBe(true);
    const kept = await records(out);
    // this run's record, the 29 newest others (synthetic), and the other inputs' newest record
    expect(kept).toHaveLength(RUNS_KEPT + 1);
    expect(kept).toContain(path.basename(last.summary.record!));
    expect(kept).toContain(otherRecord);
    expect(kept.filter((f) => f.includes('synthetic'))).toHaveLength(RUNS_KEPT - 1);
    // the damaged record and the older one of these inputs are gone
    expect(kept).not.toContain(path.basename(first.summary.record!));
    expect(kept).not.toContain(path.basename(next.summary.record!));
  });
});
