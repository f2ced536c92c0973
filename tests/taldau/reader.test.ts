import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import { observations, storedAnswer } from './helpers.ts';

/**
 * The taldau-json reader on stored answers: the real one bundled in
 * data/raw/taldau/701189/ and small SYNTHETIC ones written inline, each with
 * the rows it must give beside it.
 */
const fixture = path.resolve('data/raw/taldau/701189/GetIndexTreeData_701189_response.json');

async function run(inputs: string[], extra: string[] = []) {
  const raw = await tempDir('kzstat-empty-raw-');
  const out = await tempDir('kzstat-out-');
  const r = await runCli([
    'run',
    'observations',
    '--offline',
    '--raw',
    raw,
    ...inputs.flatMap((i) => ['--input', i]),
    '--out',
    out,
    ...extra,
  ]);
  return { ...r, out };
}

describe('the verbatim Taldau answer (index 701189)', () => {
  it('reads every value from the exact text, as DuckDB reads the string', async () => {
    // A catalogue unit equal to the source's (tenge): no conversion, so the value is the string's own double.
    const dir = await tempDir();
    const catalog = path.join(dir, 'catalog.csv');
    await writeFile(
      catalog,
      'id,unit,additive,min,max,description,sdg,taldau_index\nagri_tenge,tenge,true,0,,test indicator in the source unit,,\n',
    );
    const r = await run([`agri_tenge=${fixture}#unit=тенге`], ['--catalog', catalog]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await observations<{
      period: string;
      value: number;
      region_kato: string;
      status: string | null;
    }>(r.out, 'period, value, region_kato, status');
    const body = JSON.parse(await readFile(fixture, 'utf8')) as Record<string, string>[];
    expect(rows).toHaveLength(16);
    for (const row of rows) {
      expect(row.region_kato).toBe('000000000');
      expect(row.status).toBeNull();
      expect(row.value).toBe(Number(body[0]![`y12${row.period}`]));
    }
    expect(rows.find((x) => x.period === '2020')!.value).toBe(6334668832923.03);
  });

  it('takes its period type and vintage from the request beside it', async () => {
    const r = await run([`agriculture_output=${fixture}#unit=тенге`]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await observations<{ period: string; period_type: string; unit: string; value: number }>(
      r.out,
      'period, period_type, unit, value',
      "period IN ('2010', '2025')",
    );
    expect(rows).toEqual([
      {
        period: '2010',
        period_type: 'year',
        unit: 'million tenge',
        value: expect.closeTo(1822074.11133189, 6),
      },
      {
        period: '2025',
        period_type: 'year',
        unit: 'million tenge',
        value: expect.closeTo(9704982.00910089, 6),
      },
    ]);
  });
});

describe('synthetic answers (inline)', () => {
  it('x is confidential, an empty string not available, regions by name or term', async () => {
    const dir = await tempDir();
    // node (as Taldau sends it)                         -> expected row
    const nodes = [
      { id: '900001', text: 'Акмолинская область', leaf: 'true', y122021: '12.5', y122022: 'x' }, // 110000000 2021 12.5; 2022 NULL x
      { id: '900002', text: 'г. Астана', leaf: 'true', y122021: '', y122022: '0' }, //                  710000000 2021 NULL na; 2022 0
      { id: '741880', text: 'Республика (итого)', leaf: 'true', y122021: '40', y122022: '41.75' }, //  000000000 by term id
    ];
    const file = await storedAnswer(dir, 'tree', nodes);
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await observations(
        r.out,
        'region_kato, period, value, status, region_label, source',
        "indicator = 'grp'",
      ),
    ).toEqual([
      {
        region_kato: '000000000',
        period: '2021',
        value: 40,
        status: null,
        region_label: '741880',
        source: expect.stringMatching(/tree_response\.json#node 2 \(term 741880\) y122021$/),
      },
      {
        region_kato: '000000000',
        period: '2022',
        value: 41.75,
        status: null,
        region_label: '741880',
        source: expect.any(String),
      },
      {
        region_kato: '110000000',
        period: '2021',
        value: 12.5,
        status: null,
        region_label: 'Акмолинская область',
        source: expect.any(String),
      },
      {
        region_kato: '110000000',
        period: '2022',
        value: null,
        status: 'x',
        region_label: 'Акмолинская область',
        source: expect.any(String),
      },
      {
        region_kato: '710000000',
        period: '2021',
        value: null,
        status: 'na',
        region_label: 'г. Астана',
        source: expect.any(String),
      },
      {
        region_kato: '710000000',
        period: '2022',
        value: 0,
        status: null,
        region_label: 'г. Астана',
        source: expect.any(String),
      },
    ]);
  });

  it('reads keys under the period type asked for: 9 is the year to date by quarter', async () => {
    const dir = await tempDir();
    const nodes = [
      // key -> period under type 9 (cumulative quarters): 03 Q1, 06 H1, 09 YTD-Q3, 12 the year
      {
        id: '741880',
        text: 'РЕСПУБЛИКА КАЗАХСТАН',
        leaf: 'false',
        y032023: '1',
        y062023: '2',
        y092023: '3',
        y122023: '4',
      },
    ];
    const file = await storedAnswer(dir, 'q', nodes, { periodId: '9' });
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code, r.stderr).toBe(0);
    expect(await observations(r.out, 'period, period_type, value')).toEqual([
      { period: '2023', period_type: 'year', value: 4 },
      { period: '2023-H1', period_type: 'half', value: 2 },
      { period: '2023-Q1', period_type: 'quarter', value: 1 },
      { period: '2023-YTD-Q3', period_type: 'ytd', value: 3 },
    ]);
  });

  it('reads quarters (5) and months (4) as discrete periods', async () => {
    const dir = await tempDir();
    const q = await storedAnswer(
      dir,
      'quarters',
      [{ id: '741880', text: 'РЕСПУБЛИКА КАЗАХСТАН', leaf: 'false', y062023: '7', y122023: '8' }],
      { periodId: '5' },
    );
    const m = await storedAnswer(
      dir,
      'months',
      [{ id: '741880', text: 'РЕСПУБЛИКА КАЗАХСТАН', leaf: 'false', y022023: '5.5' }],
      { periodId: '4' },
    );
    const r = await run([`grp=${q}#unit=млн тенге`, `population=${m}#unit=человек`]);
    expect(r.code, r.stderr).toBe(0);
    expect(await observations(r.out, 'indicator, period, period_type, value')).toEqual([
      { indicator: 'grp', period: '2023-Q2', period_type: 'quarter', value: 7 },
      { indicator: 'grp', period: '2023-Q4', period_type: 'quarter', value: 8 },
      { indicator: 'population', period: '2023-M02', period_type: 'month', value: 5.5 },
    ]);
  });
});

describe('bad answers are refused with the file and what is wrong (exit 3)', () => {
  it('an unknown region term names the file and the node', async () => {
    const dir = await tempDir();
    const file = await storedAnswer(dir, 'tree', [
      { id: '741880', text: 'РЕСПУБЛИКА КАЗАХСТАН', leaf: 'false', y122022: '10' },
      { id: '999999', text: 'Неведомая область', leaf: 'true', y122022: '1' },
    ]);
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /tree_response\.json node 1 \(term 999999\) y122022: unknown region 'Неведомая область'/,
    );
  });

  it('a renamed field is named', async () => {
    const dir = await tempDir();
    const file = await storedAnswer(dir, 'tree', [
      { id: '741880', name: 'РЕСПУБЛИКА КАЗАХСТАН', leaf: 'false', y122022: '10' },
    ]);
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /tree_response\.json field \[0\]\.text: missing: the Taldau wire format has changed/,
    );
  });

  it('a number where Taldau sends strings is named', async () => {
    const dir = await tempDir();
    const file = await storedAnswer(dir, 'tree', [
      { id: '741880', text: 'РК', leaf: 'false', y122022: 10.5 },
    ]);
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/field \[0\]\.y122022: expected a string value, found number/);
  });

  it('truncated JSON, a missing request file, a key outside the period type, no unit', async () => {
    const dir = await tempDir();
    const cut = await storedAnswer(dir, 'cut', '[{"id":"741880","text":"РК","le');
    const alone = path.join(dir, 'alone_response.json');
    await writeFile(alone, '[]');
    const odd = await storedAnswer(dir, 'odd', [{ id: '741880', text: 'РК', leaf: 'false', y052022: '1' }]);
    const nounit = await storedAnswer(dir, 'nounit', [
      { id: '741880', text: 'РК', leaf: 'false', y122022: '1' },
    ]);
    const r = await run([`grp=${cut}`, `grp=${alone}`, `grp=${odd}#unit=млн тенге`, `population=${nounit}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cut_response\.json: not valid JSON .*truncated/);
    expect(r.stderr).toMatch(/alone_request\.json: cannot read the request beside/);
    expect(r.stderr).toMatch(
      /odd_response\.json node 0 \(term 741880\) y052022: cannot read period 'y052022 \(a key that ends no period of type 7\)'/,
    );
    expect(r.stderr).toMatch(/nounit_response\.json node 0 \(term 741880\) y122022: no unit/);
  });

  it('an answer changed since retrieval does not match its sha256', async () => {
    const dir = await tempDir();
    const file = await storedAnswer(dir, 'tree', [{ id: '741880', text: 'РК', leaf: 'false', y122022: '1' }]);
    const side = JSON.parse(await readFile(file.replace('_response', '_request'), 'utf8'));
    side.sha256 = '0'.repeat(64);
    await writeFile(file.replace('_response', '_request'), JSON.stringify(side));
    const r = await run([`grp=${file}#unit=млн тенге`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /tree_response\.json: its sha256 is not the 000000000000… its request file recorded/,
    );
  });
});
