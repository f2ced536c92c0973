import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runCli, runJson, tempDir } from '../helpers/cli.ts';

/**
 * Breakdown keys are SDMX codes, never NULL: an empty breakdown is `_T` (the
 * total over it) where the indicator has that breakdown (catalogue column
 * `breakdowns`), `_Z` (not applicable) where not. Every figure below is
 * SYNTHETIC (made-up round numbers on real region names).
 */
async function run(files: Record<string, string>, ...extra: string[]) {
  const dir = await tempDir('kzstat-breakdowns-');
  const args: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, name), text);
    args.push(name.startsWith('catalog') ? '--catalog' : '--input', path.join(dir, name));
  }
  const out = path.join(dir, 'out');
  const r = await runJson([
    'run',
    'observations',
    '--raw',
    path.join(dir, 'raw'),
    '--out',
    out,
    ...args,
    ...extra,
  ]);
  return { ...r, out };
}

async function keys(out: string): Promise<Record<string, unknown>[]> {
  const db = await Db.open();
  try {
    return await db.all(
      `SELECT indicator, region_kato, industry, partner, product, flow, value
       FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))}) ORDER BY ALL`,
    );
  } finally {
    db.close();
  }
}

describe('breakdown keys: _T and _Z, never NULL', () => {
  it('an empty breakdown is _T where the indicator has it and _Z where not', async () => {
    const r = await run({
      'data.csv': [
        'indicator,region,period,value,unit,industry,partner',
        'gva,Akmola Region,2020,100,million tenge,,', // gross value added of all industries
        'gva,Akmola Region,2020,40,million tenge,A,',
        'population,Akmola Region,2020,700000,persons,,',
        'exports,Republic of Kazakhstan,2020,900,thousand USD,,', // the world as partner, all goods
        'exports,Republic of Kazakhstan,2020,300,thousand USD,,RU',
      ].join('\n'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await keys(r.out)).toEqual([
      {
        indicator: 'exports',
        region_kato: '000000000',
        industry: '_Z',
        partner: 'RUS',
        product: '_T',
        flow: '_Z',
        value: 300,
      },
      {
        indicator: 'exports',
        region_kato: '000000000',
        industry: '_Z',
        partner: '_T',
        product: '_T',
        flow: '_Z',
        value: 900,
      },
      {
        indicator: 'gva',
        region_kato: '110000000',
        industry: 'A',
        partner: '_Z',
        product: '_Z',
        flow: '_Z',
        value: 40,
      },
      {
        indicator: 'gva',
        region_kato: '110000000',
        industry: '_T',
        partner: '_Z',
        product: '_Z',
        flow: '_Z',
        value: 100,
      },
      {
        indicator: 'population',
        region_kato: '110000000',
        industry: '_Z',
        partner: '_Z',
        product: '_Z',
        flow: '_Z',
        value: 700000,
      },
    ]);
  });

  it('a file that writes _T itself gives the same key as one that leaves it empty: the second is a duplicate', async () => {
    const r = await run({
      'data.csv': [
        'indicator,region,period,value,unit,industry',
        'gva,Akmola Region,2020,100,million tenge,',
        'gva,Akmola Region,2020,100,million tenge,_T',
      ].join('\n'),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /data\.csv row 3: duplicate of row 2: gva for 110000000 2020 industry _T appears twice/,
    );
  });

  it('a --catalog indicator declares its breakdowns; a breakdown that is no breakdown is refused naming the row', async () => {
    const ok = await run({
      'catalog.csv':
        'id,unit,additive,min,max,description,sdg,taldau_index,breakdowns\nemployment,thousand persons,true,0,,employment by industry (synthetic test indicator),,,industry\n',
      'data.csv':
        'indicator,region,period,value,unit,industry\nemployment,Akmola Region,2020,350,thousand persons,\n',
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await keys(ok.out)).map((k) => k.industry)).toEqual(['_T']);

    const dir = await tempDir('kzstat-breakdowns-');
    await writeFile(
      path.join(dir, 'catalog.csv'),
      'id,unit,additive,min,max,description,sdg,taldau_index,breakdowns\nemployment,thousand persons,true,0,,employment (synthetic),,,sector\n',
    );
    await writeFile(
      path.join(dir, 'data.csv'),
      'indicator,region,period,value,unit\nemployment,Akmola Region,2020,350,thousand persons\n',
    );
    const bad = await runCli([
      'run',
      'observations',
      '--raw',
      path.join(dir, 'raw'),
      '--out',
      path.join(dir, 'out'),
      '--catalog',
      path.join(dir, 'catalog.csv'),
      '--input',
      path.join(dir, 'data.csv'),
    ]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      /catalog\.csv row 2 field breakdowns: 'sector' is no breakdown \(expected industry, partner, product, flow\)/,
    );
  });
});
