import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runCli, runJson, tempDir } from '../helpers/cli.ts';

/**
 * Units are data a user can extend: a `--catalog` file with the header of
 * catalog/units.csv declares units (dimension, factor, aliases), and common
 * spellings of the bundled units are aliases. Every figure below is
 * SYNTHETIC (made-up round numbers on real region names).
 */
async function files(contents: Record<string, string>): Promise<Record<string, string> & { dir: string }> {
  const dir = await tempDir('kzstat-units-');
  const out: Record<string, string> = { dir };
  for (const [name, text] of Object.entries(contents)) {
    out[name] = path.join(dir, name);
    await writeFile(out[name]!, text);
  }
  return out as Record<string, string> & { dir: string };
}

async function publishedRows(out: string): Promise<Record<string, unknown>[]> {
  const db = await Db.open();
  try {
    return await db.all(
      `SELECT indicator, region_kato, period, value, unit FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))}) ORDER BY ALL`,
    );
  } finally {
    db.close();
  }
}

const run = (f: { dir: string }, ...args: string[]) =>
  runJson([
    'run',
    'observations',
    '--raw',
    path.join(f.dir, 'raw'),
    '--out',
    path.join(f.dir, 'out'),
    ...args,
  ]);

describe('units a user can extend', () => {
  it("'persons per million' is a spelling of 'persons per million inhabitants'", async () => {
    const f = await files({
      'rd.csv':
        'indicator,region,period,value,unit\nresearchers_per_million,Akmola Region,2020,400,persons per million\n',
    });
    const r = await run(f, '--input', f['rd.csv']!);
    expect(r.code, r.stderr).toBe(0);
    expect(await publishedRows(path.join(f.dir, 'out'))).toEqual([
      {
        indicator: 'researchers_per_million',
        region_kato: '110000000',
        period: '2020',
        value: 400,
        unit: 'persons per million inhabitants',
      },
    ]);
  });

  it('a --catalog units file declares a new unit for a new indicator, with its aliases', async () => {
    const f = await files({
      'units.csv':
        'unit,dimension,factor,aliases\nbeds per 10000 inhabitants,beds per 10000,1,коек на 10 000 населения\n',
      'indicators.csv':
        'id,unit,additive,min,max,description\nhospital_beds_per_10000,beds per 10000 inhabitants,false,0,,hospital beds per 10 000 inhabitants (synthetic test indicator)\n',
      'beds.csv':
        'indicator,region,period,value,unit\nhospital_beds_per_10000,Akmola Region,2020,55.5,коек на 10 000 населения\n',
    });
    const r = await run(
      f,
      '--catalog',
      f['indicators.csv']!,
      '--catalog',
      f['units.csv']!,
      '--input',
      f['beds.csv']!,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await publishedRows(path.join(f.dir, 'out'))).toEqual([
      {
        indicator: 'hospital_beds_per_10000',
        region_kato: '110000000',
        period: '2020',
        value: 55.5,
        unit: 'beds per 10000 inhabitants',
      },
    ]);
  });

  it('a declared unit of a known dimension converts by its factor (hundred persons -> persons)', async () => {
    const f = await files({
      'units.csv': 'unit,dimension,factor,aliases\nhundred persons,persons,100,сотен человек\n',
      'pop.csv': 'indicator,region,period,value,unit\npopulation,Akmola Region,2020,7385,сотен человек\n',
    });
    const r = await run(f, '--catalog', f['units.csv']!, '--input', f['pop.csv']!);
    expect(r.code, r.stderr).toBe(0);
    expect(await publishedRows(path.join(f.dir, 'out'))).toEqual([
      { indicator: 'population', region_kato: '110000000', period: '2020', value: 738500, unit: 'persons' },
    ]);
  });

  it('an indicator in a unit nobody declared is refused (exit 3), saying how to declare it', async () => {
    const f = await files({
      'indicators.csv':
        'id,unit,additive,min,max,description\nhospital_beds_per_10000,beds per 10000 inhabitants,false,0,,hospital beds (synthetic)\n',
      'beds.csv':
        'indicator,region,period,value,unit\nhospital_beds_per_10000,Akmola Region,2020,55.5,beds per 10000 inhabitants\n',
    });
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      path.join(f.dir, 'raw'),
      '--out',
      path.join(f.dir, 'out'),
      '--catalog',
      f['indicators.csv']!,
      '--input',
      f['beds.csv']!,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /indicators\.csv row 2 field unit: unit 'beds per 10000 inhabitants' is not in catalog\/units\.csv .*declare it in a units file given with --catalog \(columns unit,dimension,factor,aliases\)/,
    );
  });

  it('a units file that redefines a bundled unit, or a file of neither kind, is refused (exit 3) naming the row', async () => {
    const f = await files({
      'units.csv': 'unit,dimension,factor,aliases\npersons,people,1,\n',
      'other.csv': 'name,value\nx,1\n',
    });
    const args = ['run', 'observations', '--raw', path.join(f.dir, 'raw'), '--out', path.join(f.dir, 'out')];
    const redefined = await runCli([...args, '--catalog', f['units.csv']!, '--input', f['other.csv']!]);
    expect(redefined.code).toBe(3);
    expect(redefined.stderr).toMatch(
      /units\.csv row 2 field unit: unit 'persons' is already defined in catalog\/units\.csv row 2/,
    );
    const neither = await runCli([...args, '--catalog', f['other.csv']!, '--input', f['other.csv']!]);
    expect(neither.code).toBe(3);
    expect(neither.stderr).toMatch(
      /other\.csv row 1: a catalogue extension needs the header of catalog\/indicators\.csv/,
    );
  });
});
