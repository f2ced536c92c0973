import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { bundled, runJson, tempDir } from '../helpers/cli.ts';

/**
 * A region's label is re-coded to another region only where the source
 * declares it (registry/recodings.csv, with the source's footnote). A new
 * region printed before its legal start, as Taldau and the BNS recalculate
 * them back in time, stays that region, on the borders it implies.
 *
 * The tidy CSV and the workbook below are SYNTHETIC (made-up round figures on
 * real region names); the population table is the bundled BNS file.
 */
async function published<T extends Record<string, unknown>>(out: string, sql: string): Promise<T[]> {
  const db = await Db.open();
  try {
    return await db.all<T>(
      sql.replace(
        'OBS',
        `read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))})`,
      ),
    );
  } finally {
    db.close();
  }
}

const rereadWarnings = (messages: string[]) => messages.filter((m) => / read as .*\(\d{9}\)/.test(m));

describe('re-coding only where a source declares it', () => {
  it("a tidy CSV with Abai's average population 2019-2023 publishes Abai (100000000) for every year", async () => {
    const dir = await tempDir('kzstat-recode-');
    const csv = path.join(dir, 'abai.csv');
    await writeFile(
      csv,
      [
        'indicator,region,period,value,unit',
        ...[2019, 2020, 2021, 2022, 2023].map(
          (y, i) => `population_avg,Abai Region,${y},${600000 + i * 1000},persons`,
        ),
      ].join('\n'),
    );
    const out = path.join(dir, 'out');
    const r = await runJson([
      'run',
      'observations',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      csv,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await published(out, `SELECT region_kato, period, value, boundary_vintage FROM OBS ORDER BY period`),
    ).toEqual(
      [2019, 2020, 2021, 2022, 2023].map((y, i) => ({
        region_kato: '100000000',
        period: String(y),
        value: 600000 + i * 1000,
        // recalculated back: on the borders that have Abai
        boundary_vintage: '2022',
      })),
    );
    expect(rereadWarnings(r.summary.warnings.map((w) => w.message))).toEqual([]);
  });

  it('a workbook printing Abai, Zhetisu and Ulytau for 2022-Q1 without their parents keeps all three', async () => {
    const dir = await tempDir('kzstat-recode-');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2022');
    ws.getCell('A1').value = 'Gross regional product (SYNTHETIC test workbook, not statistics)';
    ws.getCell('D2').value = 'mln. tenge';
    // a header needs two periods: the first quarters of 2021 and 2022, both before the regions' legal start
    ws.getCell('B3').value = '1 quarter of 2021';
    ws.getCell('C3').value = '1 quarter of 2022';
    ws.addRow([]);
    ['Abai region', 'Zhetisu region', 'Ulytau region'].forEach((label, i) => {
      ws.getCell(`A${4 + i}`).value = label;
      ws.getCell(`B${4 + i}`).value = 10 * (i + 1);
      ws.getCell(`C${4 + i}`).value = 100 * (i + 1);
    });
    const file = path.join(dir, 'new_regions.xlsx');
    await wb.xlsx.writeFile(file);
    const out = path.join(dir, 'out');
    const r = await runJson([
      'run',
      'observations',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      `grp=${file}`,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await published(
        out,
        `SELECT region_kato, value, boundary_vintage FROM OBS WHERE period LIKE '2022%' ORDER BY region_kato`,
      ),
    ).toEqual([
      { region_kato: '100000000', value: 100, boundary_vintage: '2022' },
      { region_kato: '330000000', value: 200, boundary_vintage: '2022' },
      { region_kato: '620000000', value: 300, boundary_vintage: '2022' },
    ]);
    expect(
      await published(out, `SELECT DISTINCT region_kato FROM OBS WHERE period LIKE '2021%' ORDER BY 1`),
    ).toEqual([{ region_kato: '100000000' }, { region_kato: '330000000' }, { region_kato: '620000000' }]);
    expect(rereadWarnings(r.summary.warnings.map((w) => w.message))).toEqual([]);
  });

  it("the population table's declared re-coding applies to the file wherever it lies, and the run report names it", async () => {
    const dir = await tempDir('kzstat-recode-');
    const copy = path.join(dir, 'population copy.xlsx');
    await cp(bundled('bns', 'population_by_region_2000_2023.xlsx'), copy);
    const out = path.join(dir, 'out');
    const r = await runJson([
      'run',
      'observations',
      '--raw',
      path.join(dir, 'raw'),
      '--input',
      `population=${copy}#sheet=Все население&unit=человек, на начало года`,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await published(
        out,
        `SELECT region_kato, min(period) AS first, max(period) AS last, count(*)::INTEGER AS n, any_value(boundary_vintage) AS v
         FROM OBS WHERE region_label = 'Туркестанская' GROUP BY ALL ORDER BY ALL`,
      ),
    ).toEqual([
      { region_kato: '510000000', first: '2000', last: '2016', n: 17, v: '1997' },
      { region_kato: '610000000', first: '2017', last: '2023', n: 7, v: expect.any(String) },
    ]);
    expect(rereadWarnings(r.summary.warnings.map((w) => w.message))).toEqual([
      expect.stringMatching(
        /population copy\.xlsx: 17 rows: label 'Туркестанская' read as South Kazakhstan Region \(510000000\), as the source declares \(registry\/recodings\.csv\): footnote 1 .*«1\) Данные за 2000-2016гг\. по Южно-Казахстанской области\.»/,
      ),
    ]);
  });

  it('another edition of the file at the declared place is not re-coded, and the run report says why', async () => {
    const raw = await tempDir('kzstat-recode-raw-');
    await cp(bundled(), raw, { recursive: true });
    // the same table saved again (different bytes): the declaration is about the bundled edition only
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(bundled('bns', 'population_by_region_2000_2023.xlsx'));
    await wb.xlsx.writeFile(path.join(raw, 'bns', 'population_by_region_2000_2023.xlsx'));
    const out = await tempDir('kzstat-recode-out-');
    const r = await runJson(['run', 'observations', '--offline', '--raw', raw, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const messages = r.summary.warnings.map((w) => w.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^bns\/population_by_region_2000_2023\.xlsx: registry\/recodings\.csv declares a re-coding for this file with sha256 410eed01b142, but it now has [0-9a-f]{12} \(another edition\?\): not applied/,
      ),
    );
    expect(rereadWarnings(messages)).toEqual([]);
    expect(
      await published(
        out,
        `SELECT count(*)::INTEGER AS n FROM OBS WHERE indicator = 'population' AND region_kato = '510000000'`,
      ),
    ).toEqual([{ n: 0 }]);
  });
});
