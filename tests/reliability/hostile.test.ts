import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { bundled, runCli, tempDir } from '../helpers/cli.ts';

/** Names from data never become paths outside --raw or --out; workbooks are read, never executed. */
async function rawWith(entry: Record<string, unknown>): Promise<string> {
  const raw = await tempDir('kzstat-raw-');
  await writeFile(
    path.join(raw, 'sources.json'),
    JSON.stringify({
      sources: [
        { reader: 'tidy-csv', indicators: ['rd_organisations'], provenance: { publisher: 'test' }, ...entry },
      ],
    }),
  );
  return raw;
}

describe('hostile names', () => {
  it.each([
    [
      'a manifest path climbing out with ..',
      { path: '../../etc/passwd' },
      /field sources\.0\.path: must be a path inside the raw folder/,
    ],
    [
      'an absolute manifest path',
      { path: '/etc/passwd' },
      /field sources\.0\.path: must be a path inside the raw folder/,
    ],
  ])('%s is invalid input (exit 3)', async (_name, entry, message) => {
    const r = await runCli(['run', 'observations', '--raw', await rawWith(entry), '--out', await tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });

  it('a link inside the raw folder that leads out of it is refused', async () => {
    const raw = await rawWith({ path: 'escape.csv' });
    const outside = await tempDir();
    await writeFile(path.join(outside, 'secret.csv'), 'indicator,region,period,value,unit\n');
    await symlink(path.join(outside, 'secret.csv'), path.join(raw, 'escape.csv'));
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', await tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/escape\.csv: listed in .* but it leads outside the raw folder/);
  });

  it.each([
    [['versions', '../../etc']],
    [['versions', '/etc']],
    [['diff', '../observations', 'latest', 'previous']],
  ])('kzstat %j refuses a dataset name that is a path (exit 2)', async (args) => {
    const r = await runCli([...args, '--out', await tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unsafe name/);
  });

  it('an indicator id that is a path is refused by the catalogue (exit 3)', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'catalog.csv'),
      'id,unit,additive,min,max,description,sdg,taldau_index\n../../x,count,true,0,,evil,,\n',
    );
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      await tempDir(),
      '--input',
      bundled('reference', 'rd_organisations_2009_2013.csv'),
      '--catalog',
      path.join(dir, 'catalog.csv'),
      '--out',
      await tempDir(),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/catalog\.csv row 2 field id: expected lower-case letters/);
  });
});

describe('workbooks are read, never executed', () => {
  it("a formula's saved result is used as it is, never recomputed", async () => {
    const dir = await tempDir();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(bundled('bns', 'gross_regional_product_en.xlsx'));
    // A formula whose evaluation would give something else entirely (and one that would reach the network).
    wb.getWorksheet('1998-2007')!.getCell('B5').value = {
      formula: 'WEBSERVICE("http://127.0.0.1:9/")*0',
      result: 48922.2,
    } as ExcelJS.CellFormulaValue;
    const file = path.join(dir, 'formula.xlsx');
    await wb.xlsx.writeFile(file);
    const out = await tempDir();
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      await tempDir(),
      '--input',
      `grp=${file}`,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const db = await Db.open();
    try {
      const v = await db.value<number>(
        `SELECT value FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})
         WHERE indicator = 'grp' AND region_kato = '110000000' AND period = '1998'`,
      );
      expect(v).toBe(48922.2);
    } finally {
      db.close();
    }
  });
});
