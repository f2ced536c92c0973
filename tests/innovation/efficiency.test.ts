import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
import { latest, readParquet, runOnCsv, tidyCsv } from './helpers.ts';

/** rd_efficiency on a SYNTHETIC tidy CSV (made-up figures, million tenge). */
describe('rd_efficiency (synthetic)', () => {
  it('share of innovative products / share of R&D expenditure, where both exist', async () => {
    const M = 'million tenge';
    const csv = await tidyCsv([
      // 2015: Republic rows give the totals (1000 and 200)
      `innovative_products,000000000,2015,1000,${M},`,
      `rd_expenditure,000000000,2015,200,${M},`,
      `innovative_products,110000000,2015,100,${M},`, // 10 % / 20 % = 0.5
      `rd_expenditure,110000000,2015,40,${M},`,
      `innovative_products,750000000,2015,600,${M},`, // 60 % / 50 % = 1.2
      `rd_expenditure,750000000,2015,100,${M},`,
      `innovative_products,710000000,2015,300,${M},`, // 30 % / 0 %: undefined
      `rd_expenditure,710000000,2015,0,${M},`,
      `innovative_products,150000000,2015,,${M},x`, // confidential
      `rd_expenditure,150000000,2015,60,${M},`,
      `innovative_products,390000000,2015,50,${M},`, // no R&D figure: no row
      // 2016: no Republic rows, totals are the regions' sums (400 and 100), flagged as derived
      `innovative_products,110000000,2016,100,${M},`, // 25 % / 50 % = 0.5
      `rd_expenditure,110000000,2016,50,${M},`,
      `innovative_products,750000000,2016,300,${M},`, // 75 % / 50 % = 1.5
      `rd_expenditure,750000000,2016,50,${M},`,
      // 2021: the products table prints Abai (2022 borders), the R&D one does not (2018 borders)
      `innovative_products,630000000,2021,50,${M},`,
      `innovative_products,100000000,2021,20,${M},`,
      `rd_expenditure,630000000,2021,10,${M},`,
    ]);
    const out = await tempDir();
    const run = await runOnCsv(csv, out);
    expect(run.code, run.stderr).toBe(0);
    const rows = await readParquet<Record<string, unknown>>(
      latest(out, 'rd_efficiency'),
      `SELECT region_kato, year, share_innovative_products AS sip, share_rd_expenditure AS srd,
              round(efficiency, 9) AS efficiency, innovative_products_total_derived AS derived, reason
       FROM t ORDER BY year, region_kato`,
    );
    expect(rows.map((r) => Object.values(r))).toEqual([
      // region, year, share products, share R&D, efficiency, totals derived, reason
      ['110000000', 2015, 10, 20, 0.5, false, null],
      ['150000000', 2015, null, 30, null, false, 'innovative_products not published (status x)'],
      ['710000000', 2015, 30, 0, null, false, 'no R&D expenditure: the ratio is undefined'],
      ['750000000', 2015, 60, 50, 1.2, false, null],
      ['110000000', 2016, 25, 50, 0.5, true, null],
      ['750000000', 2016, 75, 50, 1.5, true, null],
      [
        '630000000',
        2021,
        (50 / 70) * 100,
        100,
        null,
        true,
        'innovative_products on the 2022 borders, rd_expenditure on the 2018 borders, where the region covers other land',
      ],
    ]);
  });
});
