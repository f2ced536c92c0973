import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../src/core/hash.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { copyOfRaw, runCli, tempDir } from '../helpers/cli.ts';
import { publishSynthetic } from '../helpers/synthetic.ts';

/**
 * `kzstat diff` and `kzstat versions` on two real versions of observations:
 * the bundled data, then a copy of it with a SYNTHETIC edit standing in for a
 * revision by the BNS (Akmola's 2013 count of R&D organisations 12 -> 13, and
 * its 2009 row relabelled 2008 so one key disappears and another appears).
 */
const CSV = 'reference/rd_organisations_2009_2013.csv';

describe('kzstat diff between two versions of observations', async () => {
  const out = await tempDir();
  const raw = await copyOfRaw();
  const first = await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out, '--json']);
  const file = path.join(raw, CSV);
  const before = await sha256File(file);
  const text = await readFile(file, 'utf8');
  const edited = text
    .replace('rd_organisations,Akmola Region,2013,12,', 'rd_organisations,Akmola Region,2013,13,')
    .replace('rd_organisations,Akmola Region,2009,7,', 'rd_organisations,Akmola Region,2008,7,');
  await writeFile(file, edited);
  const after = await sha256File(file);
  const second = await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out, '--json']);
  const [v1, v2] = [first, second].map((r) => JSON.parse(r.stdout).published[0]?.version as string);

  it('two versions were published', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(edited).not.toBe(text);
    expect(v1 && v2 && v1 < v2).toBe(true);
  });

  it('the run that revised figures says so in its report', () => {
    const summary = runSummary.parse(JSON.parse(second.stdout));
    expect(summary.warnings.filter((w) => w.check === 'revised').map((w) => w.message)).toEqual([
      `observations.harmonised: 1 row changed, 1 removed, 1 added since ${v1} (kzstat diff observations ${v1} ${v2})`,
      `observations.observations: 1 row changed, 1 removed, 1 added since ${v1} (kzstat diff observations ${v1} ${v2})`,
    ]);
  });

  it('--json: the exact rows changed, added and removed, by key, and the input that changed', async () => {
    const r = await runCli([
      'diff',
      'observations',
      'previous',
      'latest',
      '--table',
      'observations',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.from).toBe(v1);
    expect(d.to).toBe(v2);
    expect(d.provenance.inputs).toEqual([
      { path: CSV, change: 'changed', from: before, to: after, vintage: '2014' },
    ]);
    expect(d.provenance.parameters).toEqual([]);
    const t = d.tables[0];
    expect(t.table).toBe('observations');
    expect(t.key).toEqual(['indicator', 'region_kato', 'period', 'industry', 'partner', 'product', 'flow']);
    expect(t.counts).toMatchObject({ changed: 1, added: 1, removed: 1 });
    expect(t.counts.unchanged).toBe(t.counts.to_rows - 2);
    const key = {
      indicator: 'rd_organisations',
      region_kato: '110000000',
      industry: '_Z',
      partner: '_Z',
      product: '_Z',
      flow: '_Z',
    };
    expect(t.changed).toEqual([
      {
        ...key,
        period: '2013',
        column: 'value',
        old: 12,
        new: 13,
        rel_change_pct: expect.closeTo(8.3333, 3),
      },
    ]);
    expect(t.added).toEqual([
      expect.objectContaining({
        ...key,
        period: '2008',
        value: 7,
        year: 2008,
        period_start: '2008-01-01',
        source: `${CSV}#row 7`,
      }),
    ]);
    expect(t.removed).toEqual([
      expect.objectContaining({
        ...key,
        period: '2009',
        value: 7,
        year: 2009,
        period_start: '2009-01-01',
        source: `${CSV}#row 7`,
      }),
    ]);
  });

  it('--csv: one line per differing value, every table, nothing else', async () => {
    const r = await runCli(['diff', 'observations', v1!, v2!, '--out', out, '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'table,change,indicator,region_kato,period,industry,partner,product,flow,superseded_source,column,old,new,rel_change_pct',
    );
    const changed = lines.filter((l) => l.split(',')[1] === 'changed');
    expect(changed).toEqual([
      'harmonised,changed,rd_organisations,110000000,2013,_Z,_Z,_Z,_Z,,value,12.0,13.0,8.333333333333332',
      'observations,changed,rd_organisations,110000000,2013,_Z,_Z,_Z,_Z,,value,12.0,13.0,8.333333333333332',
    ]);
    // added and removed rows give one line per value column, the value in `new` or `old`
    expect(lines.filter((l) => l.startsWith('observations,added,') && l.includes(',value,'))).toEqual([
      'observations,added,rd_organisations,110000000,2008,_Z,_Z,_Z,_Z,,value,,7.0,',
    ]);
    expect(
      lines.filter((l) => l.startsWith('observations,removed,') && l.includes(',period_start,')),
    ).toEqual([
      'observations,removed,rd_organisations,110000000,2009,_Z,_Z,_Z,_Z,,period_start,2009-01-01,,',
    ]);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(
      new Set(['observations', 'harmonised']),
    );
  });

  it('on a terminal: an aligned table per table, the changed input named', async () => {
    const prefix = v1!.slice(0, 17); // a unique prefix names a version too
    const r = await runCli(['diff', 'observations', prefix, 'latest', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`observations: ${v1} -> ${v2}`);
    expect(r.stdout).toContain(
      `input changed: ${CSV} (sha256 ${before.slice(0, 12)} -> ${after.slice(0, 12)}), vintage 2014`,
    );
    expect(r.stdout).toContain(
      'observations.observations  (key: indicator, region_kato, period, industry, partner, product, flow)',
    );
    expect(r.stdout).toMatch(/1 changed, 1 added, 1 removed, \d+ unchanged/);
    expect(r.stdout).toContain(
      [
        '    indicator         region_kato  period  column   old   new  change',
        '    rd_organisations  110000000    2013    value   12.0  13.0  +8.33%',
      ].join('\n'),
    );
    expect(r.stdout).toContain(
      'observations.revisions  (key: indicator, region_kato, period, industry, partner, product, flow, superseded_source)',
    );
    expect(r.stdout).toContain('  no differences');
  });

  it.skipIf(!existsSync('/usr/bin/script'))('shows its progress on a terminal, table by table', async () => {
    const cmd = `${process.execPath} ${fromRoot('bin', 'kzstat.js')} diff observations previous latest --out ${out}`;
    const r = await new Promise<string>((resolve) =>
      execFile('/usr/bin/script', ['-qec', cmd, '/dev/null'], (_e, stdout) => resolve(stdout)),
    );
    expect(r).toMatch(/✓ comparing observations\.observations ran 3 rows differ/);
    expect(r).toMatch(/✓ comparing observations\.revisions ran 0 rows differ/);
  });

  it('a version against itself: no differences', async () => {
    const r = await runCli(['diff', 'observations', 'latest', v2!, '--out', out, '--json']);
    for (const t of JSON.parse(r.stdout).tables)
      expect(t.counts).toMatchObject({ changed: 0, added: 0, removed: 0 });
  });

  it('unknown dataset, version or table: exit 2 naming what exists', async () => {
    const ds = await runCli(['diff', 'observation', 'previous', 'latest', '--out', out]);
    expect(ds.code).toBe(2);
    expect(ds.stderr).toContain("unknown dataset 'observation'");
    expect(ds.stderr).toContain('published datasets are observations');
    const v = await runCli(['diff', 'observations', '20990101T000000.000Z', 'latest', '--out', out]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(
      `unknown version '20990101T000000.000Z' of observations; versions of observations, newest first: ${v2}, ${v1} (or latest, previous)`,
    );
    const t = await runCli(['diff', 'observations', 'previous', 'latest', '--table', 'nope', '--out', out]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("unknown table 'nope'");
    expect(t.stderr).toContain('tables in both are harmonised, observations, revisions');
    const both = await runCli([
      'diff',
      'observations',
      'previous',
      'latest',
      '--json',
      '--csv',
      '--out',
      out,
    ]);
    expect(both.code).toBe(2);
    const ambiguous = await runCli(['diff', 'observations', '2', 'latest', '--out', out]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("version '2' of observations is ambiguous");
  });

  it('kzstat versions tells the two vintages apart: which input changed, by sha256', async () => {
    const r = await runCli(['versions', 'observations', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^\\* ${v2!.replaceAll('.', '\\.')}  created `));
    expect(r.stdout).toContain(
      `since ${v1}: changed ${CSV} (sha256 ${before.slice(0, 8)} -> ${after.slice(0, 8)})`,
    );
    expect(r.stdout).toMatch(
      /inputs: \d+ files, vintages 2014, 2023, 2023-03-20, 2023-05-18, 2024, 2025, 2026; parameters: harmonise_to=1997/,
    );
    expect(r.stdout).toMatch(
      /tables: harmonised \d+ rows \(schema 3\.0\), observations \d+ rows \(schema 3\.0\), revisions \d+ rows \(schema 2\.0\)/,
    );
    expect(lines.at(-1)).toBe('    first version');
    const j = JSON.parse((await runCli(['versions', 'observations', '--out', out, '--json'])).stdout);
    expect(j.versions.map((v: { version: string }) => v.version)).toEqual([v2, v1]);
    expect(j.versions[0].since_previous.inputs).toEqual([
      { path: CSV, change: 'changed', from: before, to: after, vintage: '2014' },
    ]);
    expect(j.versions[0].inputs.find((i: { path: string }) => i.path === CSV)).toEqual({
      path: CSV,
      sha256: after,
      vintage: '2014',
    });
    expect(j.versions[1].since_previous).toBeNull();
  });

  it('kzstat versions: a dataset no pipeline publishes is a usage error naming the published ones', async () => {
    const r = await runCli(['versions', 'nope', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown dataset 'nope'");
    const none = await runCli(['versions', 'observations', '--out', await tempDir()]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("no published versions of 'observations'");
  });

  it('kzstat report on the real observations alone: every chart says it is not published yet, the sources are listed', async () => {
    const r = await runCli(['report', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(out, 'report', 'index.html'));
    const html = await readFile(r.stdout.trim(), 'utf8');
    expect(html.match(/data-state="absent"/g)).toHaveLength(4);
    expect(html).toContain('not published yet: no version of the innovation dataset');
    expect(html).toContain(`observations version <code>${v2}</code>`);
    expect(html).toContain('Population on 1 January by region, 2000-2023 (persons)');
    expect(html).toContain('revised'); // the run's warnings, including the revision
    expect(r.stderr).toContain('innovation_rating: not published yet');
  });

  it('previous of a dataset with one version is a usage error', async () => {
    const one = await tempDir();
    await publishSynthetic(one, { trade: 'all' });
    const r = await runCli(['diff', 'trade', 'previous', 'latest', '--out', one]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('trade has no version before latest');
  });
});
