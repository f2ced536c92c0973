import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../helpers/cli.ts';
import { normaliseFiles } from '../helpers/normalise.ts';

/* The real trade-by-product files bundled under data/raw/trade_products, each read on its own. */
const wits = (name: string, options: Record<string, string> = {}) => ({
  path: bundled('trade_products', 'wits', `${name}.csv`),
  reader: 'wits-csv' as const,
  options,
});
const lines = async (name: string) => {
  const { readFile } = await import('node:fs/promises');
  return (
    (await readFile(bundled('trade_products', 'wits', `${name}.csv`), 'latin1')).trimEnd().split('\n')
      .length - 1
  );
};

describe.each([
  ['kazakhstan_exports_to_world_hs4_2015_2024_wits', 'exports', null, '0804', '2022', 1718.097],
  ['kazakhstan_imports_from_world_hs4_2015_2024_wits', 'imports', null, '0712', '2022', 4849.368],
  ['kazakhstan_exports_to_china_hs4_2015_2024_wits', 'exports', 'CHN', '0101', '2015', 355.509],
  ['kazakhstan_imports_from_china_hs4_2015_2024_wits', 'imports', 'CHN', '4504', '2018', 18.273],
])('WITS download %s', async (name, indicator, partner, product, period, value) => {
  const { db } = await normaliseFiles([wits(name)]);
  afterAll(() => db.close());

  it('reads every line as a figure of the Republic in thousand USD, HS 2012', async () => {
    const r = await db.one<{ n: number; indicators: string; partners: string; units: string; notes: string }>(
      `SELECT count(*)::INTEGER AS n, string_agg(DISTINCT indicator, ',') AS indicators,
              string_agg(DISTINCT partner, ',') AS partners, string_agg(DISTINCT unit, ',') AS units,
              string_agg(DISTINCT note, ',') AS notes
       FROM observations WHERE region_kato = '000000000'`,
    );
    expect(r).toEqual({
      n: await lines(name),
      indicators: indicator,
      partners: partner ?? '_T',
      units: 'thousand USD',
      notes: 'HS 2012',
    });
  });

  it(`keeps the published value (${product} ${period}: ${value}) with a pointer to its row`, async () => {
    const row = await db.one<{ value: number; source: string; years: string }>(
      `SELECT value, source, (SELECT min(period) || '-' || max(period) FROM observations) AS years
       FROM observations WHERE product = $product AND period = $period`,
      { product, period },
    );
    expect(row).toEqual({
      value,
      source: expect.stringMatching(new RegExp(`^${name}\\.csv#row 2$`)),
      years: '2015-2024',
    });
  });
});

describe('WITS imports from every partner by product group (Latin-1, WITS partner codes)', async () => {
  const name = 'kazakhstan_imports_all_partners_hs_sections_01_49_2015_2024_wits';
  const { db, warnings } = await normaliseFiles([
    wits(name, { leave_out_partners: 'WLD', encoding: 'latin-1' }),
  ]);
  afterAll(() => db.close());

  it('keys a product group by its chapter range, a group of one chapter by the chapter', async () => {
    const products = await db.all<{ product: string }>(
      'SELECT DISTINCT product FROM observations ORDER BY 1',
    );
    expect(products.map((p) => p.product)).toEqual([
      '01-05',
      '06-15',
      '16-24',
      '25-26',
      '27',
      '28-38',
      '39-40',
      '41-43',
      '44-49',
    ]);
    // row 2: Poland, 25-26_Minerals, 2016
    expect(
      await db.one(
        "SELECT partner, value, note FROM observations WHERE source LIKE '%#row 2' AND product = '25-26'",
      ),
    ).toEqual({ partner: 'POL', value: 59.715, note: 'HS 2012; WITS product group 25-26_Minerals' });
  });

  it("turns WITS's own codes into ISO (ROM -> ROU) and leaves out the world rows and partners that are no country", async () => {
    const ro = await db.one<{ n: number; note: string }>(
      "SELECT count(*)::INTEGER AS n, any_value(note) AS note FROM observations WHERE partner = 'ROU'",
    );
    expect(ro!.n).toBeGreaterThan(0);
    expect(ro!.note).toMatch(/WITS partner code ROM$/);
    expect(
      await db.value<number>(
        "SELECT count(*)::INTEGER FROM observations WHERE partner IN ('_T', 'WLD', 'OAS', 'UNS')",
      ),
    ).toBe(0);
    expect(warnings.join('\n')).toMatch(
      /rows left out: OAS \(Other Asia, nes\), no country: 75 rows, 92904\.8 thousand USD; UNS \(Unspecified\), no country: 1 rows, 0\.2 thousand USD; WLD \(World\), option leave_out_partners: 90 rows/,
    );
  });

  it('without the declared encoding it is read as Latin-1, and says so', async () => {
    const other = await normaliseFiles([
      wits('kazakhstan_imports_all_partners_hs_sections_50_99_2015_2024_wits', { leave_out_partners: 'WLD' }),
    ]);
    try {
      expect(other.warnings.join('\n')).toMatch(/not UTF-8; read as Latin-1/);
      // Curaçao's rows (CUW) are there, their names never needed
      expect(
        await other.db.value<number>("SELECT count(*)::INTEGER FROM observations WHERE partner = 'CUW'"),
      ).toBeGreaterThan(0);
    } finally {
      other.db.close();
    }
  });
});

describe("the Atlas's product-year file as world trade by HS 1992 heading", async () => {
  const { db } = await normaliseFiles([
    { path: bundled('trade_products', 'atlas', 'hs92_product_year_4.csv'), reader: 'atlas-csv' },
  ]);
  afterAll(() => db.close());

  it('reads exports and imports of each heading in thousand USD (row 2: 0101, 1995, 1,019,179,508 USD)', async () => {
    expect(
      await db.all(
        "SELECT indicator, value, unit, note FROM observations WHERE product = '0101' AND period = '1995' ORDER BY indicator",
      ),
    ).toEqual([
      { indicator: 'world_exports', value: 1019179.508, unit: 'thousand USD', note: 'HS 1992' },
      { indicator: 'world_imports', value: 1019179.508, unit: 'thousand USD', note: 'HS 1992' },
    ]);
  });

  it("adds each year's all-goods total, XXXX (not classified) included, and gives XXXX no row of its own", async () => {
    const r = await db.one<{ total: number; headings: number; n: number; note: string }>(
      `SELECT max(value) FILTER (WHERE product = '_T') AS total, sum(value) FILTER (WHERE product <> '_T') AS headings,
              count(*) FILTER (WHERE product <> '_T')::INTEGER AS n, max(note) FILTER (WHERE product = '_T') AS note
       FROM observations WHERE indicator = 'world_exports' AND period = '2015'`,
    );
    // XXXX 2015 (row 37279): 276,820,147,290 USD beside the 1,242 headings
    expect(r!.n).toBe(1242);
    expect(r!.total - r!.headings).toBeCloseTo(276820147.29, 1);
    expect(r!.note).toBe(
      "HS 1992; all goods: the sum of the file's 1243 lines of 2015, including XXXX (not classified by product)",
    );
    expect(await db.value<number>("SELECT count(*)::INTEGER FROM observations WHERE product = 'XXXX'")).toBe(
      0,
    );
  });
});

describe("the BNS's monthly totals and crude oil exports", async () => {
  const { db } = await normaliseFiles([
    {
      path: bundled('trade_products', 'bns_totals', 'exports_monthly_thousand_usd.csv'),
      reader: 'processed-csv',
      indicator: 'exports',
    },
    {
      path: bundled('trade_products', 'bns_totals', 'crude_oil_exports_value_monthly_thousand_usd.csv'),
      reader: 'processed-csv',
      indicator: 'exports',
      options: { product: '2709' },
    },
  ]);
  afterAll(() => db.close());

  it('reads one month per row for the Republic (2019-M01: 5,351,587.7 thousand USD)', async () => {
    expect(
      await db.one(
        "SELECT period, period_type, value, unit FROM observations WHERE product = '_T' AND period = '2019-M01'",
      ),
    ).toEqual({ period: '2019-M01', period_type: 'month', value: 5351587.74833999, unit: 'thousand USD' });
    expect(await db.value<number>("SELECT count(*)::INTEGER FROM observations WHERE product = '_T'")).toBe(
      84,
    );
  });

  it('reads crude oil as exports of HS 2709, with the missing September 2022 missing', async () => {
    expect(
      await db.value<number>(
        "SELECT count(*)::INTEGER FROM observations WHERE product = '2709' AND year = 2022",
      ),
    ).toBe(11);
    expect(
      await db.value<number>(
        "SELECT round(sum(value), 2) FROM observations WHERE product = '2709' AND year = 2015",
      ),
    ).toBe(26773012.92);
  });
});
