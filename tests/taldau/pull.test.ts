import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File } from '../../src/core/hash.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { expectNothingNew, runCli, runJson, spawnCli, tempDir } from '../helpers/cli.ts';
import { observations } from './helpers.ts';
import { type FakeIndex, REGIONS, syntheticIndex, TaldauServer } from './server.ts';

/**
 * `kzstat pull taldau` and the Taldau pulls of `kzstat run`, end to end
 * against a local server speaking Taldau's wire format (SYNTHETIC data).
 */
const servers: TaldauServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(indices: FakeIndex[]): Promise<TaldauServer> {
  const s = await TaldauServer.start(indices);
  servers.push(s);
  return s;
}

// SYNTHETIC: 2 years x (the Republic + 3 regions); Aktobe's 2022 value is confidential.
const grp = () =>
  syntheticIndex({
    id: '2709379',
    years: [2021, 2022],
    value: (y, r) => (r === 1 && y === 2022 ? 'x' : `${(r + 1) * 1000}.5`),
    republic: (y) => (y === 2021 ? '6001.5' : '6000'),
  });

const fast = ['--retries', '2', '--backoff', '5', '--timeout', '2000'];

async function pull(server: TaldauServer, raw: string, out: string, ...extra: string[]) {
  return runCli([
    'pull',
    'taldau',
    '--index',
    '2709379',
    '--as',
    'grp',
    '--raw',
    raw,
    '--out',
    out,
    '--source',
    `taldau=${server.url}`,
    ...fast,
    ...extra,
  ]);
}

/** What is published and recorded: the latest version, its files' hashes and the manifest, to compare before and after. */
async function snapshot(raw: string, out: string) {
  const dir = path.join(out, 'observations');
  const latest = await readlink(path.join(dir, 'latest'));
  const files: Record<string, string> = {};
  // every file of the version, the parts of its tables in parts included
  for (const f of await readdir(path.join(dir, latest), { recursive: true, withFileTypes: true }))
    if (f.isFile()) {
      const file = path.join(f.parentPath, f.name);
      files[path.relative(path.join(dir, latest), file)] = await sha256File(file);
    }
  return {
    latest,
    versions: (await readdir(dir)).filter((d) => !d.startsWith('.')).sort(),
    files,
    manifest: await readFile(path.join(raw, 'sources.json'), 'utf8'),
  };
}

describe('kzstat pull taldau', () => {
  it('pulls one index for all regions into the raw layer and the observations', async () => {
    const server = await serve([grp()]);
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    const r = await pull(server, raw, out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      status: 'ok',
      index: '2709379',
      indicator: 'grp',
      period_type: { id: '7', name: 'Год' },
      unit: 'млн тенге',
      answers: { fetched: 5, stored: 0, requests_sent: 5 },
    });
    expect(summary.files).toHaveLength(2);
    expect(runSummary.parse(summary.run).published.map((p) => p.dataset)).toEqual(['observations']);
    expect(await observations(out, 'region_kato, period, value, status, unit', "indicator = 'grp'")).toEqual([
      { region_kato: '000000000', period: '2021', value: 6001.5, status: null, unit: 'million tenge' },
      { region_kato: '000000000', period: '2022', value: 6000, status: null, unit: 'million tenge' },
      { region_kato: '110000000', period: '2021', value: 1000.5, status: null, unit: 'million tenge' },
      { region_kato: '110000000', period: '2022', value: 1000.5, status: null, unit: 'million tenge' },
      { region_kato: '150000000', period: '2021', value: 2000.5, status: null, unit: 'million tenge' },
      { region_kato: '150000000', period: '2022', value: null, status: 'x', unit: 'million tenge' },
      { region_kato: '190000000', period: '2021', value: 3000.5, status: null, unit: 'million tenge' },
      { region_kato: '190000000', period: '2022', value: 3000.5, status: null, unit: 'million tenge' },
    ]);
    const manifest = JSON.parse(await readFile(path.join(raw, 'sources.json'), 'utf8'));
    expect(manifest.sources).toHaveLength(2);
    expect(manifest.sources[1]).toMatchObject({
      path: summary.files[1],
      reader: 'taldau-json',
      indicators: ['grp'],
      indicator: 'grp',
      options: { taldau_index: '2709379', taldau_period: 'year', unit: 'млн тенге' },
      provenance: { title: 'Synthetic index 2709379 (Год), by region' },
    });

    // A later offline run reads exactly what was pulled: nothing new, no request.
    const again = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const s = again.summary;
    expectNothingNew(s);

    // Pulling it again fetches nothing and publishes nothing; --force asks Taldau again.
    const second = await pull(server, raw, out, '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).answers).toEqual({ fetched: 0, stored: 5, requests_sent: 0 });
    expect(server.count()).toBe(5);
    const forced = await pull(server, raw, out, '--force', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).answers.fetched).toBe(5);
    expect(server.count()).toBe(10);
    // Re-pulled, the index replaces its entries instead of adding more.
    expect(JSON.parse(await readFile(path.join(raw, 'sources.json'), 'utf8')).sources).toHaveLength(2);
  });

  it('--offline never touches the network', async () => {
    const server = await serve([grp()]);
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    const r = await pull(server, raw, out, '--offline');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/--offline: no stored answer/);
    expect(server.count()).toBe(0);
  });

  it('a failed pull leaves published data and the manifest untouched', async () => {
    const server = await serve([
      grp(),
      // SYNTHETIC: a region Taldau might print that the registry does not know.
      syntheticIndex({
        id: '703834',
        years: [2022],
        regions: [REGIONS[0]!, 'Неведомая область'],
        measureName: 'человек',
        measureId: '23',
      }),
    ]);
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    expect((await pull(server, raw, out)).code).toBe(0);
    const before = await snapshot(raw, out);

    // The source keeps failing: exit 5.
    server.fail(
      (q) => q.endpoint === 'GetIndexTreeData' && q.index === '2709379',
      { kind: 'status', status: 500 },
      100,
    );
    const down = await pull(server, raw, out, '--force');
    expect(down.code).toBe(5);
    expect(down.stderr).toMatch(
      /Taldau kept failing: POST .*GetIndexTreeData: 500 Internal Server Error \(3 attempts/,
    );
    expect(await snapshot(raw, out)).toEqual(before);

    // The answers are fine but a region is unknown: exit 3 naming file and node, nothing recorded.
    const bad = await runCli([
      'pull',
      'taldau',
      '--index',
      '703834',
      '--as',
      'population_avg',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
      ...fast,
    ]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      /taldau\/703834\/GetIndexTreeData_p7_741880_[0-9a-f]{12}_response\.json node 1 \(term 900001\) y122022: unknown region 'Неведомая область'/,
    );
    expect(await snapshot(raw, out)).toEqual(before);
    // The answers themselves stay stored (they are what Taldau said): a retry after fixing the registry resumes.
    expect((await readdir(path.join(raw, 'taldau', '703834'))).length).toBe(10);
  });

  it('refuses bad usage with exit 2', async () => {
    const raw = await tempDir('kzstat-raw-');
    const cases: [string[], RegExp][] = [
      [['pull', 'sdg', '--index', '1', '--as', 'grp'], /unknown source 'sdg'/],
      [['pull', 'taldau', '--index', 'abc', '--as', 'grp'], /--index abc: expected a Taldau index id/],
      [
        ['pull', 'taldau', '--index', '1', '--as', 'gpr'],
        /--as gpr: not an indicator of the catalogue; did you mean grp/,
      ],
      [['pull', 'taldau', '--index', '1', '--as', 'grp', '--source', 'taldau=ftp://x'], /expected an http/],
      [
        ['pull', 'taldau', '--index', '1', '--as', 'grp', '--concurrency', '0'],
        /--concurrency 0: expected a whole number >= 1/,
      ],
      [['pull', 'taldau', '--as', 'grp'], /required option '--index <id>'/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--raw', raw]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('logs JSON lines with --log-format json', async () => {
    const server = await serve([grp()]);
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    server.fail((q) => q.endpoint === 'GetPeriodList', { kind: 'status', status: 503 });
    const r = await pull(server, raw, out, '--log-format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.level === 'warn' && /503 Service Unavailable; retry 1 of 2/.test(l.msg))).toBe(
      true,
    );
  });

  it('resumes after the process was killed halfway, without fetching again what it stored', async () => {
    const server = await serve([grp()]);
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    let pid: number | undefined;
    server.fail((q) => q.endpoint === 'GetIndexTreeData', { kind: 'hang' });
    // Killed (SIGKILL: no clean-up of any kind) the moment it asks for the tree.
    server.onRequest = (q) => {
      if (q.endpoint === 'GetIndexTreeData' && pid) process.kill(pid, 'SIGKILL');
    };
    const child = spawnCli([
      'pull',
      'taldau',
      '--index',
      '2709379',
      '--as',
      'grp',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
      '--concurrency',
      '1',
      ...fast,
    ]);
    pid = child.pid;
    const killed = await child;
    expect(killed.code).not.toBe(0);
    expect(server.count()).toBe(4);
    const stored = (await readdir(path.join(raw, 'taldau', '2709379'))).filter((f) =>
      f.endsWith('_request.json'),
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
    // Nothing was recorded or published by the killed pull.
    await expect(readFile(path.join(raw, 'sources.json'))).rejects.toThrow();

    server.onRequest = undefined;
    const resumed = await pull(server, raw, out, '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const answers = JSON.parse(resumed.stdout).answers;
    expect(answers.stored).toBe(stored.length);
    expect(answers.fetched).toBe(5 - stored.length);
    expect(server.count()).toBe(4 + 5 - stored.length);
    expect((await observations(out, 'count(*)::INTEGER AS n'))[0]).toEqual({ n: 8 });
  });
});

describe('the Taldau pulls of kzstat run', () => {
  // SYNTHETIC answers for every index the catalogue declares, each with the measure Taldau wants for it.
  const declared = () => [
    grp(),
    syntheticIndex({ id: '703831', years: [2022], measureName: 'человек' }),
    syntheticIndex({ id: '703834', years: [2022], measureName: 'человек', measureId: '23' }),
    syntheticIndex({
      id: '2979005',
      years: [2022],
      measureName: 'в % к предыдущему году',
      measureId: '7',
      value: () => '103.2',
      republic: () => '103.2',
    }),
    syntheticIndex({ id: '2709380', years: [2022], measureName: 'тыс тенге', measureId: '7' }),
    syntheticIndex({
      id: '701189',
      years: [2022],
      measureName: 'тенге',
      segments: [
        {
          dicId: '67 + 488 + 773',
          names: 'Регионы + Категории хозяйств + Цены',
          termIds: '741880,450122,734928',
        },
      ],
    }),
  ];

  /**
   * A raw folder whose one source (a SYNTHETIC tidy CSV of 2010 figures) provides the six indicators
   * the catalogue gives Taldau ids for, and rd_organisations, which has none.
   */
  async function rawWithSources(): Promise<string> {
    const raw = await tempDir('kzstat-raw-');
    const ids = [
      'grp',
      'population',
      'population_avg',
      'grp_volume_index',
      'grp_per_capita',
      'agriculture_output',
    ];
    const units: Record<string, string> = {
      grp_volume_index: '"percent, previous year = 100"',
      grp_per_capita: 'thousand tenge',
      population: 'persons',
      population_avg: 'persons',
    };
    await writeFile(
      path.join(raw, 'local.csv'),
      `indicator,region,period,value,unit\n${[...ids, 'rd_organisations'].map((i) => `${i},Akmola Region,2010,100,${units[i] ?? (i === 'rd_organisations' ? 'count' : 'million tenge')}`).join('\n')}\n`,
    );
    await writeFile(
      path.join(raw, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            path: 'local.csv',
            reader: 'tidy-csv',
            indicators: [...ids, 'rd_organisations'],
            provenance: { publisher: 'synthetic (test)' },
          },
        ],
      }),
    );
    return raw;
  }

  it('pull the indices the catalogue declares, record them, and a later offline run is fully cached', async () => {
    const server = await serve(declared());
    const raw = await rawWithSources();
    const out = await tempDir('kzstat-out-');
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(server.count()).toBe(30);
    expect(server.count('GetIndexTreeData')).toBe(12);
    const got = await observations<{ indicator: string; n: number }>(
      out,
      'indicator, count(*)::INTEGER AS n',
      'true GROUP BY indicator',
    );
    // Each: the Republic and 3 regions from Taldau, plus the CSV's 2010 row for Akmola.
    expect(got).toEqual([
      { indicator: 'agriculture_output', n: 5 },
      { indicator: 'grp', n: 9 },
      { indicator: 'grp_per_capita', n: 5 },
      { indicator: 'grp_volume_index', n: 5 },
      { indicator: 'population', n: 5 },
      { indicator: 'population_avg', n: 5 },
      { indicator: 'rd_organisations', n: 1 },
    ]);
    const manifest = JSON.parse(await readFile(path.join(raw, 'sources.json'), 'utf8'));
    expect(manifest.sources).toHaveLength(13);

    const offline = await runCli(['run', 'observations', '--offline', '--raw', raw, '--out', out, '--json']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(
      runSummary.parse(JSON.parse(offline.stdout)).pipelines[0]!.stages.every((s) => s.status === 'cached'),
    ).toBe(true);
    // A dry run plans on what is stored and asks nothing.
    const plan = await runCli([
      'plan',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
    ]);
    expect(plan.code, plan.stderr).toBe(0);
    // An online run again finds everything stored: no request, nothing new.
    const online = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
      '--json',
    ]);
    expect(online.code, online.stderr).toBe(0);
    expect(runSummary.parse(JSON.parse(online.stdout)).published).toEqual([]);
    expect(server.count()).toBe(30);
  });

  it('observations pulls only for the indicators its raw folder provides', async () => {
    const server = await serve(declared());
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    await writeFile(
      path.join(raw, 'rd.csv'),
      'indicator,region,period,value,unit\nrd_organisations,Akmola Region,2013,12,count\n',
    );
    await writeFile(
      path.join(raw, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            path: 'rd.csv',
            reader: 'tidy-csv',
            indicators: ['rd_organisations'],
            provenance: { publisher: 'synthetic (test)' },
          },
        ],
      }),
    );
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(server.count()).toBe(0);
  });

  it('a raw folder without a manifest means exactly the --input files: nothing is pulled', async () => {
    const server = await serve(declared());
    const raw = await tempDir('kzstat-raw-');
    const out = await tempDir('kzstat-out-');
    const csv = path.join(raw, '..', `${path.basename(raw)}.csv`);
    await writeFile(csv, 'indicator,region,period,value,unit\ngrp,Akmola Region,2022,1,million tenge\n');
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      raw,
      '--input',
      csv,
      '--out',
      out,
      '--source',
      `taldau=${server.url}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(server.count()).toBe(0);
  });
});
