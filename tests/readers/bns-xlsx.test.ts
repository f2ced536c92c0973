import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../helpers/cli.ts';
import { normaliseFiles } from '../helpers/normalise.ts';

describe('BNS workbook: population on 1 January (Russian labels, no units cell, a label whose meaning changed)', async () => {
  const { db, warnings } = await normaliseFiles([
    {
      path: bundled('bns', 'population_by_region_2000_2023.xlsx'),
      reader: 'bns-xlsx',
      indicator: 'population',
      options: { sheet: 'Все население', unit: 'человек, на начало года' },
    },
  ]);
  afterAll(() => db.close());
  const value = (kato: string, period: string) =>
    db.one<{ value: number | null; status: string | null; boundary_vintage: string; note: string | null }>(
      'SELECT value, status, boundary_vintage, note FROM observations WHERE region_kato = $kato AND period = $period',
      { kato, period },
    );

  it('reads the Republic row as published', async () => {
    expect((await value('000000000', '2022'))?.value).toBe(19503159);
    expect((await value('000000000', '2023'))?.value).toBe(19766807);
  });

  it("reads 'Туркестанская' as South Kazakhstan up to 2016 and as Turkestan from 2017", async () => {
    const y2016 = await value('510000000', '2016');
    expect(y2016?.value).toBe(2840871);
    expect(y2016?.boundary_vintage).toBe('1997');
    expect(y2016?.note).toMatch(/read as South Kazakhstan Region \(510000000\)/);
    expect(await value('610000000', '2016')).toBeUndefined();
    expect((await value('610000000', '2017'))?.value).toBe(1966336);
    expect((await value('790000000', '2017'))?.value).toBe(912300);
    expect(warnings.join('\n')).toMatch(/17 rows: label 'Туркестанская' read as South Kazakhstan/);
  });

  it("keeps '-' (the region did not exist) as NULL with status '-'", async () => {
    expect(await value('100000000', '2021')).toMatchObject({ value: null, status: '-' });
    expect((await value('100000000', '2022'))?.value).toBe(611888);
  });

  it('puts each year on the borders its table prints: 2022 with Abai, 2018 with Shymkent, 1997 before', async () => {
    expect((await value('630000000', '2022'))?.boundary_vintage).toBe('2022');
    expect((await value('630000000', '2021'))?.boundary_vintage).toBe('2018');
    expect((await value('630000000', '2016'))?.boundary_vintage).toBe('1997');
  });

  it('regions add up to the Republic on every year (no parent counted with its children)', async () => {
    const gaps = await db.all(`
      SELECT period, max(value) FILTER (WHERE region_kato = '000000000') AS republic,
             sum(value) FILTER (WHERE region_kato <> '000000000') AS regions
      FROM observations GROUP BY period HAVING republic <> regions`);
    expect(gaps).toEqual([]);
  });
});

describe('BNS workbook: GRP (English labels, Cyrillic look-alikes, year-to-date columns, formulas, footnotes)', async () => {
  const { db, warnings } = await normaliseFiles([
    { path: bundled('bns', 'gross_regional_product_en.xlsx'), reader: 'bns-xlsx', indicator: 'grp' },
  ]);
  afterAll(() => db.close());
  const row = (kato: string, period: string) =>
    db.one<{
      value: number;
      status: string | null;
      period_type: string;
      boundary_vintage: string;
      source: string;
      note: string | null;
    }>(
      'SELECT value, status, period_type, boundary_vintage, source, note FROM observations WHERE region_kato = $kato AND period = $period',
      { kato, period },
    );

  it('resolves labels with Cyrillic letters inside Latin names', async () => {
    const labels = await db.all<{ region_label: string; region_kato: string }>(
      `SELECT DISTINCT region_label, region_kato FROM observations WHERE region_label IN ('Аktobе', 'Кaragandy', 'Zhetisu', 'Soltustik Кazakhstan') ORDER BY 1`,
    );
    expect(labels).toEqual([
      { region_label: 'Soltustik Кazakhstan', region_kato: '590000000' },
      { region_label: 'Zhetisu', region_kato: '330000000' },
      { region_label: 'Аktobе', region_kato: '150000000' },
      { region_label: 'Кaragandy', region_kato: '350000000' },
    ]);
  });

  it('uses the cached result of formula cells (the Republic row is a SUM)', async () => {
    expect((await row('000000000', '2010'))?.value).toBeCloseTo(21815517, 1);
  });

  it('types the year-to-date columns', async () => {
    expect(await row('110000000', '2008-Q1')).toMatchObject({ value: 79967.7, period_type: 'quarter' });
    expect(await row('110000000', '2008-H1')).toMatchObject({ value: 189095.7, period_type: 'half' });
    expect(await row('110000000', '2008-YTD-Q3')).toMatchObject({ value: 337408, period_type: 'ytd' });
    expect(await row('110000000', '2008')).toMatchObject({ value: 477641.1, period_type: 'year' });
  });

  it("marks 2023 preliminary (header '20232)', footnote 2) and points at the cell", async () => {
    expect(await row('000000000', '2023')).toMatchObject({
      status: 'p',
      source: "gross_regional_product_en.xlsx#'2008-2023'!BM4",
    });
  });

  it('leaves out 1990-1992 (million roubles by footnote 1) and says so', async () => {
    expect(await row('000000000', '1992')).toBeUndefined();
    expect((await row('000000000', '1993'))?.value).toBe(25081.8);
    expect(warnings.join('\n')).toMatch(
      /columns 1990 \(million roubles\), 1991 \(million roubles\), 1992 \(million roubles\) left out/,
    );
  });

  it('keeps South Kazakhstan beside the recalculated Turkestan and Shymkent on its own vintage', async () => {
    expect(await row('510000000', '2011')).toMatchObject({ value: 1512565.3, boundary_vintage: '1997' });
    expect(await row('610000000', '2011')).toMatchObject({ value: 796600.2, boundary_vintage: '2018' });
    expect(await row('790000000', '2011')).toMatchObject({ value: 715965.1, boundary_vintage: '2018' });
    expect((await row('110000000', '2011'))?.boundary_vintage).toBe('2018');
  });

  it('reads the 2021 parents on 2022 borders, as the workbook gives Abai, Zhetisu and Ulytau for 2021', async () => {
    expect(await row('100000000', '2021')).toMatchObject({ value: 1836042.7, boundary_vintage: '2022' });
    expect((await row('630000000', '2021'))?.boundary_vintage).toBe('2022');
  });

  it('attaches a footnote on a label to its rows', async () => {
    expect((await row('710000000', '1997'))?.note).toMatch(
      /the city of Astana was part of the Akmola region/,
    );
  });
});
