import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { type BulletinLayout, readLayout } from '../../src/readers/bns-layout.ts';
import { detectReader } from '../../src/readers/index.ts';
import { XLS_LIMITS } from '../../src/readers/xls-cells.ts';
import {
  type Bulletin,
  bulletinFile,
  editBulletin,
  insertColumn,
  layoutFile,
  setText,
} from '../fixtures/bulletins.ts';
import { bundled, tempDir } from '../helpers/cli.ts';
import { normaliseError, normaliseFiles } from '../helpers/normalise.ts';

async function layoutOf(b: Bulletin): Promise<BulletinLayout> {
  const l = await readLayout(layoutFile(b), 'layout');
  if (Array.isArray(l)) throw new Error(JSON.stringify(l));
  return l;
}

/** An input of the normalisation: a bulletin (or an altered copy given as its --input argument). */
async function bulletinInput(b: Bulletin, inputArg?: string) {
  return {
    path: inputArg ? inputArg.split('#')[0]! : bulletinFile(b),
    reader: 'bns-xlsx' as const,
    layout: await layoutOf(b),
  };
}

describe('BNS bulletins, legacy binary .xls, read as their layout declarations say', async () => {
  const { db } = await normaliseFiles([await bulletinInput('innovation'), await bulletinInput('rd')]);
  afterAll(() => db.close());
  const obs = (indicator: string, kato: string) =>
    db.one<{ value: number | null; unit: string; period: string; source: string; region_label: string }>(
      'SELECT value, unit, period, source, region_label FROM observations WHERE indicator = $indicator AND region_kato = $kato',
      { indicator, kato },
    );

  it('reads the Republic figures the bulletins print', async () => {
    expect(await obs('enterprises_surveyed', '000000000')).toMatchObject({
      value: 30750,
      unit: 'count',
      period: '2022',
      source: "innovation_activity_2022_kk.xls#'1'!B4",
    });
    expect((await obs('enterprises_with_innovations', '000000000'))?.value).toBe(3390);
    expect(await obs('innovation_active_enterprises_pct', '000000000')).toMatchObject({
      value: 11,
      unit: 'percent',
    });
    expect(await obs('innovation_expenditure', '000000000')).toMatchObject({
      value: 1453339.1,
      unit: 'million tenge',
      source: "innovation_activity_2022_kk.xls#'9'!B5",
    });
    expect((await obs('innovative_products', '000000000'))?.value).toBe(1879123.1);
    expect(await obs('rd_organisations', '000000000')).toMatchObject({
      value: 414,
      source: "rd_main_indicators_2022_kk.xls#'36'!C5",
    });
    expect(await obs('rd_personnel', '000000000')).toMatchObject({ value: 22456, unit: 'persons' });
    expect((await obs('rd_researchers', '000000000'))?.value).toBe(18014);
  });

  it('converts internal R&D expenditure from the thousand tenge of its units cell to million tenge', async () => {
    const r = await obs('rd_expenditure', '000000000');
    expect(r?.unit).toBe('million tenge');
    expect(r?.value).toBeCloseTo(121560.0957, 6); // '1'!B6 = 121 560 095.7 thousand tenge
  });

  it("reads 'Алматы' as Almaty Region and 'Алматы қаласы' as the city; a double space changes nothing", async () => {
    expect(await obs('enterprises_surveyed', '190000000')).toMatchObject({
      value: 1259,
      region_label: 'Алматы',
    });
    expect(await obs('enterprises_surveyed', '750000000')).toMatchObject({
      value: 7826,
      region_label: 'Алматы қаласы',
    });
    expect(await obs('enterprises_surveyed', '630000000')).toMatchObject({
      value: 1292,
      region_label: 'Шығыс  Қазақстан',
    });
  });

  it('gives each of the nine indicators for the Republic and all 20 regions, on the 2022 borders', async () => {
    const n = await db.all<{ indicator: string; n: number; vintages: string }>(
      `SELECT indicator, count(DISTINCT region_kato)::INTEGER AS n, string_agg(DISTINCT boundary_vintage, ',') AS vintages
       FROM observations WHERE value IS NOT NULL GROUP BY indicator ORDER BY indicator`,
    );
    expect(n).toHaveLength(9);
    for (const x of n) expect(x, x.indicator).toMatchObject({ n: 21, vintages: '2022' });
  });

  it('detects .xls by its extension, and the format by its first bytes', async () => {
    expect(await detectReader(bulletinFile('rd'))).toBe('bns-xlsx');
  });
});

describe('BNS bulletin symbols: х (Cyrillic) and x (Latin) confidential, ... no data, - none, 0,0 negligible', async () => {
  const dir = await tempDir();
  const arg = await editBulletin(dir, 'innovation', (wb) => {
    setText(wb, '9', 'B6', 'х');
    setText(wb, '9', 'B7', 'x');
    setText(wb, '9', 'B8', '...');
    setText(wb, '9', 'B10', '-');
    setText(wb, '9', 'B11', '0,0');
  });
  const { db } = await normaliseFiles([await bulletinInput('innovation', arg)]);
  afterAll(() => db.close());

  it('keeps markers as NULL with their status, and 0,0 as 0 with a note', async () => {
    const rows = await db.all<{
      region_kato: string;
      value: number | null;
      status: string | null;
      note: string;
    }>(
      `SELECT region_kato, value, status, note FROM observations WHERE indicator = 'innovation_expenditure'
       AND region_kato IN ('100000000', '110000000', '150000000', '230000000', '270000000') ORDER BY region_kato`,
    );
    expect(rows).toEqual([
      { region_kato: '100000000', value: null, status: 'x', note: null },
      { region_kato: '110000000', value: null, status: 'x', note: null },
      { region_kato: '150000000', value: null, status: 'na', note: null },
      { region_kato: '230000000', value: null, status: '-', note: null },
      {
        region_kato: '270000000',
        value: 0,
        status: null,
        note: "printed '0,0': negligible, less than half of the last digit shown",
      },
    ]);
  });
});

describe('a bulletin that no longer matches its declaration is refused, naming sheet, cell and what was expected', () => {
  const refused = async (b: Bulletin, edit: (wb: XLSX.WorkBook) => void) => {
    const arg = await editBulletin(await tempDir(), b, edit);
    const e = await normaliseError([await bulletinInput(b, arg)]);
    expect(e.exitCode).toBe(3);
    return e.problems.map((p) => `${p.where}: ${p.message}`);
  };

  it('a column inserted before expenditure on innovation: the header moved, no figure is read', async () => {
    const problems = await refused('innovation', (wb) => insertColumn(wb, '9', 1));
    expect(problems).toContain(
      "'9'!B3: expected the header of innovation_expenditure 'Шығыстар, барлығы', found an empty cell (that text is now in C3: has the column moved?)",
    );
    expect(problems).toContain(
      "'9'!D2: expected 'млн. теңге', found an empty cell (that text is now in E2: has the column moved?)",
    );
  });

  it('a renamed header', async () => {
    const problems = await refused('rd', (wb) => setText(wb, '36', 'C3', 'Кәсіпорындар саны, бірлік'));
    expect(problems).toEqual([
      "'36'!C3: expected the header of rd_organisations 'ҒЗТКЖ-мен айналысқан кәсіпорындар саны, бірлік', found 'Кәсіпорындар саны, бірлік'",
    ]);
  });

  it('another unit in the units cell', async () => {
    const problems = await refused('rd', (wb) => setText(wb, '1', 'H2', 'млн. теңге'));
    expect(problems).toEqual(["'1'!H2: expected 'мың теңге', found 'млн. теңге'"]);
  });

  it('another edition (the cover says 2023)', async () => {
    const problems = await refused('innovation', (wb) => setText(wb, 'Мұқаба', 'A14', '2023 жыл'));
    expect(problems).toEqual([
      "'Мұқаба'!A14: expected '2022 жыл' (the declared edition, period 2022), found '2023 жыл'",
    ]);
  });

  it('a region added below the declared rows', async () => {
    const problems = await refused('innovation', (wb) => {
      setText(wb, '1', 'A25', 'Жаңа облыс');
      wb.Sheets['1']!.B25 = { t: 'n', v: 1 };
    });
    expect(problems).toEqual([
      "'1'!A25: a row 'Жаңа облыс' with figures follows the declared rows A4:A24: has the table grown? Declare its rows again",
    ]);
  });

  it('a bulletin given without its declaration: no period header, and the way out named', async () => {
    const e = await normaliseError([
      { path: bulletinFile('rd'), reader: 'bns-xlsx', indicator: 'rd_organisations' },
    ]);
    expect(e.exitCode).toBe(3);
    expect(e.problems[0]?.message).toMatch(
      /no header row of periods .*needs a layout declaration, #layout=SIDECAR\.json/,
    );
  });

  it('a sheet that is gone', async () => {
    const problems = await refused('rd', (wb) => {
      wb.SheetNames = wb.SheetNames.filter((s) => s !== '36');
      delete wb.Sheets['36'];
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^sheet '36': no sheet '36' \(sheets: 'Мұхаба', /);
  });
});

describe('the time-series layout from a .xls: the GRP workbook saved as BIFF8 by code', async () => {
  const dir = await tempDir();
  const xls = path.join(dir, 'gross_regional_product_en.xls');
  const wb = XLSX.read(
    await (await import('node:fs/promises')).readFile(bundled('bns', 'gross_regional_product_en.xlsx')),
  );
  await writeFile(xls, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }));
  const fromXls = await normaliseFiles([{ path: xls, reader: 'bns-xlsx', indicator: 'grp' }]);
  const fromXlsx = await normaliseFiles([
    { path: bundled('bns', 'gross_regional_product_en.xlsx'), reader: 'bns-xlsx', indicator: 'grp' },
  ]);
  afterAll(() => {
    fromXls.db.close();
    fromXlsx.db.close();
  });
  const rows = (db: typeof fromXls.db) =>
    db.all<Record<string, unknown>>(
      `SELECT indicator, region_kato, period, value, status, boundary_vintage, note FROM observations ORDER BY ALL`,
    );

  it('gives the same figures, periods, statuses and borders as the .xlsx', async () => {
    const a = await rows(fromXls.db);
    const b = await rows(fromXlsx.db);
    expect(a).toHaveLength(b.length);
    const strip = (r: Record<string, unknown>) => ({ ...r, note: undefined });
    expect(a.map(strip)).toEqual(b.map(strip));
    // BIFF8 keeps superscript runs where SheetJS does not read them: the one footnote that the xlsx
    // carries in a superscript run on a label is not attached from the .xls.
    const notes = (x: Record<string, unknown>[]) => x.filter((r) => r.note).length;
    expect(notes(b) - notes(a)).toBe(1);
  });
});

describe('hostile or broken .xls files are refused before anything is parsed', () => {
  const refusal = async (name: string, make: (file: string) => Promise<void>) => {
    const file = path.join(await tempDir(), name);
    await make(file);
    const e = await normaliseError([{ path: file, reader: 'bns-xlsx', indicator: 'grp' }]);
    expect(e.exitCode).toBe(3);
    return e.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
  };

  it('over the size limit', async () => {
    const msg = await refusal('huge.xls', async (f) => {
      await writeFile(f, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
      await truncate(f, XLS_LIMITS.maxBytes + 1);
    });
    expect(msg).toBe(
      `huge.xls: ${XLS_LIMITS.maxBytes + 1} bytes, over the limit of ${XLS_LIMITS.maxBytes} for a binary .xls workbook`,
    );
  });

  it('an HTML table named .xls (what some sites serve)', async () => {
    const msg = await refusal('table.xls', (f) =>
      writeFile(f, '<html><table><tr><td>1</td></tr></table></html>'),
    );
    expect(msg).toMatch(/^table\.xls: not an xlsx workbook, nor a binary \.xls one/);
  });

  it('a compound file that is no workbook', async () => {
    const msg = await refusal('broken.xls', async (f) => {
      const real = await (await import('node:fs/promises')).readFile(bulletinFile('rd'));
      await writeFile(f, real.subarray(0, 4096));
    });
    expect(msg).toMatch(/^broken\.xls: not a readable \.xls workbook: /);
  });
});
