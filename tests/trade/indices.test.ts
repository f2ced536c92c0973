import { describe, expect, it } from 'vitest';
import { csv, round, runTrade, table } from './helpers.ts';

/*
 * SYNTHETIC data (not statistics), small enough to check every expected
 * number by hand. Thousand USD, the Republic, 2020 and 2021.
 *
 *   exports                     2020   2021     imports               2020   2021
 *   total (no partner)          1000      -     total (no partner)     500      -
 *   RUS                          300    330     RUS                    400    450
 *   CHN                          690    600     CHN                    100    150
 *   2709 crude oil  (raw)        500    400     27 chapter (raw)       150    100
 *   2710 refined    (processed)  100    150     2709 (under 27)         20      -
 *   1001 wheat      (raw)         50     50     2710 (under 27)        120      -
 *   1101 flour      (processed)   30     60     8701 tractors          300    400
 *   7108 gold       (processed)  200    100     1101 flour              50    100
 *   8701 tractors   (processed)   20     40
 *   99   special (unclassified)   10     10
 *   RUS x 1101                    10     26
 *
 * Production 2020: 1101 = 200, 2709 = 100, 1001 = 1000; 2021: 1101 = 260.
 * World exports 2020: all goods 1,000,000; 2709 50,000; 1001 25,000.
 * World imports 2020: all 2,000,000; CHN 400,000; RUS 100,000.
 */
const R = 'Republic of Kazakhstan';
const U = 'thousand USD';
const trade = csv('indicator,region,period,value,unit,partner,product', [
  ['exports', R, 2020, 1000, U, '', ''],
  ['exports', R, 2020, 300, U, 'RUS', ''],
  ['exports', R, 2021, 330, U, 'RUS', ''],
  ['exports', R, 2020, 690, U, 'CHN', ''],
  ['exports', R, 2021, 600, U, 'CHN', ''],
  ['exports', R, 2020, 500, U, '', '2709'],
  ['exports', R, 2021, 400, U, '', '2709'],
  ['exports', R, 2020, 100, U, '', '2710'],
  ['exports', R, 2021, 150, U, '', '2710'],
  ['exports', R, 2020, 50, U, '', '1001'],
  ['exports', R, 2021, 50, U, '', '1001'],
  ['exports', R, 2020, 30, U, '', '1101'],
  ['exports', R, 2021, 60, U, '', '1101'],
  ['exports', R, 2020, 200, U, '', '7108'],
  ['exports', R, 2021, 100, U, '', '7108'],
  ['exports', R, 2020, 20, U, '', '8701'],
  ['exports', R, 2021, 40, U, '', '8701'],
  ['exports', R, 2020, 10, U, '', '99'],
  ['exports', R, 2021, 10, U, '', '99'],
  ['exports', R, 2020, 10, U, 'RUS', '1101'],
  ['exports', R, 2021, 26, U, 'RUS', '1101'],
  ['imports', R, 2020, 500, U, '', ''],
  ['imports', R, 2020, 400, U, 'RUS', ''],
  ['imports', R, 2021, 450, U, 'RUS', ''],
  ['imports', R, 2020, 100, U, 'CHN', ''],
  ['imports', R, 2021, 150, U, 'CHN', ''],
  ['imports', R, 2020, 150, U, '', '27'],
  ['imports', R, 2021, 100, U, '', '27'],
  ['imports', R, 2020, 20, U, '', '2709'],
  ['imports', R, 2020, 120, U, '', '2710'],
  ['imports', R, 2020, 300, U, '', '8701'],
  ['imports', R, 2021, 400, U, '', '8701'],
  ['imports', R, 2020, 50, U, '', '1101'],
  ['imports', R, 2021, 100, U, '', '1101'],
]);
const others = csv('indicator,region,period,value,unit,partner,product', [
  ['production', R, 2020, 200, U, '', '1101'],
  ['production', R, 2021, 260, U, '', '1101'],
  ['production', R, 2020, 100, U, '', '2709'],
  ['production', R, 2020, 1000, U, '', '1001'],
  ['world_exports', R, 2020, 1000000, U, '', ''],
  ['world_exports', R, 2020, 50000, U, '', '2709'],
  ['world_exports', R, 2020, 25000, U, '', '1001'],
  ['world_imports', R, 2020, 2000000, U, '', ''],
  ['world_imports', R, 2020, 400000, U, 'CHN', ''],
  ['world_imports', R, 2020, 100000, U, 'RU', ''],
]);
// SYNTHETIC quarters and year-to-date periods for growth against the previous and the year-earlier period.
const periods = csv('indicator,region,period,value,unit,partner', [
  ['exports', R, '2020-Q1', 50, U, 'TUR'],
  ['exports', R, '2020-Q4', 80, U, 'TUR'],
  ['exports', R, '2021-Q1', 100, U, 'TUR'],
  ['exports', R, '2020-YTD-Q3', 200, U, 'TUR'],
  ['exports', R, '2021-YTD-Q3', 300, U, 'TUR'],
]);

describe('trade indices on a hand-computed case', async () => {
  const run = await runTrade(
    { 'synthetic_trade.csv': trade, 'synthetic_other.csv': others, 'synthetic_periods.csv': periods },
    ['--param', 'trade.doubling_base_year=2020'],
  );

  it('publishes', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('totals: the published total where given, else the sum of partners', async () => {
    expect(
      await table(
        run.out,
        'trade_totals',
        'period, flow, value_usd, total_source, published_usd, sum_of_partners_usd, difference_pct',
        "period_type = 'year'",
      ),
    ).toEqual([
      {
        period: '2020',
        flow: 'export',
        value_usd: 1000,
        total_source: 'published',
        published_usd: 1000,
        sum_of_partners_usd: 990,
        difference_pct: (990 / 1000 - 1) * 100,
      },
      {
        period: '2020',
        flow: 'import',
        value_usd: 500,
        total_source: 'published',
        published_usd: 500,
        sum_of_partners_usd: 500,
        difference_pct: 0,
      },
      {
        period: '2021',
        flow: 'export',
        value_usd: 930,
        total_source: 'sum of partners',
        published_usd: null,
        sum_of_partners_usd: 930,
        difference_pct: null,
      },
      {
        period: '2021',
        flow: 'import',
        value_usd: 600,
        total_source: 'sum of partners',
        published_usd: null,
        sum_of_partners_usd: 600,
        difference_pct: null,
      },
    ]);
  });

  it('warns where the partners do not add up to the published total (990 against 1000, -1 %)', () => {
    const w = run.summary!.warnings.filter((x) => x.check === 'totals_vs_published').map((x) => x.message);
    expect(w).toContainEqual(
      expect.stringMatching(
        /^export 2020: the published total is 1000 thousand USD, the sum over partners \(2 rows: CHN, RUS\) is 990 \(-1\.0 %\) \(.*synthetic_trade\.csv#row 2\)$/,
      ),
    );
    expect(w.find((m) => m.startsWith('import 2021'))).toMatch(
      /no published total in the inputs.*2021: 600 thousand USD/,
    );
  });

  it('partners: share of the total and growth', async () => {
    expect(
      await table(
        run.out,
        'trade_by_partner',
        'period, flow, partner, value_usd, share_pct, growth_yoy_pct',
        "partner = 'RUS'",
      ),
    ).toEqual([
      { period: '2020', flow: 'export', partner: 'RUS', value_usd: 300, share_pct: 30, growth_yoy_pct: null },
      { period: '2020', flow: 'import', partner: 'RUS', value_usd: 400, share_pct: 80, growth_yoy_pct: null },
      {
        period: '2021',
        flow: 'export',
        partner: 'RUS',
        value_usd: 330,
        share_pct: (330 / 930) * 100,
        growth_yoy_pct: (330 / 300 - 1) * 100,
      },
      { period: '2021', flow: 'import', partner: 'RUS', value_usd: 450, share_pct: 75, growth_yoy_pct: 12.5 },
    ]);
  });

  it('growth against the previous quarter and the same period a year earlier; none before a year-to-date period', async () => {
    expect(
      await table(run.out, 'trade_by_partner', 'period, growth_prev_pct, growth_yoy_pct', "partner = 'TUR'"),
    ).toEqual([
      { period: '2020-Q1', growth_prev_pct: null, growth_yoy_pct: null },
      { period: '2020-Q4', growth_prev_pct: null, growth_yoy_pct: null },
      { period: '2020-YTD-Q3', growth_prev_pct: null, growth_yoy_pct: null },
      { period: '2021-Q1', growth_prev_pct: 25, growth_yoy_pct: 100 },
      { period: '2021-YTD-Q3', growth_prev_pct: null, growth_yoy_pct: 50 },
    ]);
  });

  it('balance and coverage: X - M and X / M * 100 for partners and the world', async () => {
    expect(
      await table(
        run.out,
        'trade_balance',
        'partner_or_bloc, exports_usd, imports_usd, balance_usd, coverage_pct',
        "period = '2020' AND partner_or_bloc IN ('RUS', 'CHN', 'world')",
      ),
    ).toEqual([
      { partner_or_bloc: 'CHN', exports_usd: 690, imports_usd: 100, balance_usd: 590, coverage_pct: 690 },
      { partner_or_bloc: 'RUS', exports_usd: 300, imports_usd: 400, balance_usd: -100, coverage_pct: 75 },
      { partner_or_bloc: 'world', exports_usd: 1000, imports_usd: 500, balance_usd: 500, coverage_pct: 200 },
    ]);
  });

  it('products: degree by the longest HS prefix; a heading under a given chapter is not added again', async () => {
    expect(
      await table(
        run.out,
        'trade_by_product',
        'product, value_usd, degree, resource, top_level',
        "period = '2020' AND flow = 'import'",
      ),
    ).toEqual([
      { product: '1101', value_usd: 50, degree: 'processed', resource: false, top_level: true },
      { product: '27', value_usd: 150, degree: 'raw', resource: true, top_level: true },
      { product: '2709', value_usd: 20, degree: 'raw', resource: true, top_level: false },
      { product: '2710', value_usd: 120, degree: 'processed', resource: true, top_level: false },
      { product: '8701', value_usd: 300, degree: 'processed', resource: false, top_level: true },
    ]);
    const crude = await table(
      run.out,
      'trade_by_product',
      'period, share_pct, growth_yoy_pct',
      "flow = 'export' AND product = '2709'",
    );
    expect(crude).toEqual([
      { period: '2020', share_pct: 50, growth_yoy_pct: null },
      { period: '2021', share_pct: (400 / 930) * 100, growth_yoy_pct: (400 / 500 - 1) * 100 },
    ]);
  });

  it('material flows: raw and processed exports and imports, balance and shares (Kunyazov)', async () => {
    // products cover 910 of the published 1000 of exports (short by more than 2 %) and all 500 of imports
    const coverage2020 = {
      export_product_coverage_pct: 91,
      import_product_coverage_pct: 100,
      complete: false,
    };
    expect(round(await table(run.out, 'material_flows', '*', "period = '2020'"))).toEqual(
      round([
        {
          year: 2020,
          period: '2020',
          period_type: 'year',
          degree: 'processed',
          exports_usd: 100 + 30 + 200 + 20,
          imports_usd: 300 + 50,
          balance_usd: 0,
          coverage_pct: 100,
          export_share_pct: (350 / 910) * 100,
          import_share_pct: 70,
          ...coverage2020,
        },
        {
          year: 2020,
          period: '2020',
          period_type: 'year',
          degree: 'raw',
          exports_usd: 500 + 50,
          imports_usd: 150,
          balance_usd: 400,
          coverage_pct: (550 / 150) * 100,
          export_share_pct: (550 / 910) * 100,
          import_share_pct: 30,
          ...coverage2020,
        },
        {
          year: 2020,
          period: '2020',
          period_type: 'year',
          degree: 'unclassified',
          exports_usd: 10,
          imports_usd: null,
          balance_usd: null,
          coverage_pct: null,
          export_share_pct: (10 / 910) * 100,
          import_share_pct: null,
          ...coverage2020,
        },
      ]),
    );
    expect(run.summary!.warnings.map((w) => w.message)).toContain(
      'export 2020: HS 99 not in registry/hs_processing.csv: counted as unclassified in material_flows',
    );
  });

  it('non-resource exports and progress towards doubling from the base year 2020', async () => {
    expect(
      round(
        await table(
          run.out,
          'non_resource_exports',
          'period, resource_usd, non_resource_usd, non_resource_share_pct, product_coverage_pct, base_non_resource_usd, pct_of_base, doubling_progress_pct, target_usd',
        ),
      ),
    ).toEqual(
      round([
        {
          period: '2020',
          resource_usd: 800,
          non_resource_usd: 110,
          non_resource_share_pct: (110 / 910) * 100,
          product_coverage_pct: 91,
          base_non_resource_usd: 110,
          pct_of_base: 100,
          doubling_progress_pct: 0,
          target_usd: 220,
        },
        {
          period: '2021',
          resource_usd: 650,
          non_resource_usd: 160,
          non_resource_share_pct: (160 / 810) * 100,
          // 2021 has no published total, only the sum of partners: no coverage to speak of
          product_coverage_pct: null,
          base_non_resource_usd: 110,
          pct_of_base: (160 / 110) * 100,
          doubling_progress_pct: (160 / 110 - 1) * 100,
          target_usd: 220,
        },
      ]),
    );
  });

  it('coverage: products short of the published total by more than the tolerance make a period incomplete', async () => {
    expect(
      await table(
        run.out,
        'product_coverage',
        'period, flow, products_usd, published_usd, product_coverage_pct, complete, reason',
        "partner = '_T' AND period_type = 'year'",
      ),
    ).toEqual([
      {
        period: '2020',
        flow: 'export',
        products_usd: 910,
        published_usd: 1000,
        product_coverage_pct: 91,
        complete: false,
        reason: 'products account for 91.0 % of the published total',
      },
      {
        period: '2020',
        flow: 'import',
        products_usd: 500,
        published_usd: 500,
        product_coverage_pct: 100,
        complete: true,
        reason: null,
      },
      {
        period: '2021',
        flow: 'export',
        products_usd: 810,
        published_usd: null,
        product_coverage_pct: null,
        complete: null,
        reason: 'no published total of all goods to compare the products with',
      },
      {
        period: '2021',
        flow: 'import',
        products_usd: 600,
        published_usd: null,
        product_coverage_pct: null,
        complete: null,
        reason: 'no published total of all goods to compare the products with',
      },
    ]);
    const flags = await table(
      run.out,
      'trade_by_product',
      'DISTINCT period, flow, product_coverage_pct, complete',
      "period = '2020'",
    );
    expect(flags).toEqual([
      { period: '2020', flow: 'export', product_coverage_pct: 91, complete: false },
      { period: '2020', flow: 'import', product_coverage_pct: 100, complete: true },
    ]);
    expect(run.summary!.warnings.map((w) => w.message)).toContain(
      "export: products account for less of the published total than 98 % in 2020 91.0 % (products / published total); those periods are marked complete = false and their shares and sums over products are not the period's",
    );
    // with a tolerance of 10 % the same 91 % is complete
    const lenient = await runTrade({ 'synthetic_trade.csv': trade }, [
      '--param',
      'trade.coverage_tolerance_pct=10',
    ]);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(
      await table(
        lenient.out,
        'non_resource_exports',
        'period, product_coverage_pct, complete',
        "period = '2020'",
      ),
    ).toEqual([{ period: '2020', product_coverage_pct: 91, complete: true }]);
  });

  it('the resource chapters are a parameter', async () => {
    const other = await runTrade({ 'synthetic_trade.csv': trade }, ['--param', 'trade.resource_chapters=27']);
    expect(other.code, other.stderr).toBe(0);
    const rows = await table(
      other.out,
      'non_resource_exports',
      'period, resource_usd, non_resource_usd',
      "period = '2020'",
    );
    expect(rows).toEqual([{ period: '2020', resource_usd: 600, non_resource_usd: 310 }]);
  });

  it('import dependence M / (Q + M - X), its change, and NULL with a reason (Kunyazov)', async () => {
    expect(
      round(
        await table(
          run.out,
          'import_dependence',
          'period, product, apparent_consumption_usd, import_dependence_pct, change_yoy_pp, reason',
        ),
      ),
    ).toEqual(
      round([
        {
          period: '2020',
          product: '1001',
          apparent_consumption_usd: null,
          import_dependence_pct: null,
          change_yoy_pp: null,
          reason: 'no imports figure for this product and period',
        },
        {
          period: '2020',
          product: '1101',
          apparent_consumption_usd: 220,
          import_dependence_pct: (50 / 220) * 100,
          change_yoy_pp: null,
          reason: null,
        },
        {
          period: '2020',
          product: '2709',
          apparent_consumption_usd: 100 + 20 - 500,
          import_dependence_pct: null,
          change_yoy_pp: null,
          reason: 'apparent consumption (production + imports - exports) is not positive',
        },
        {
          period: '2021',
          product: '1101',
          apparent_consumption_usd: 300,
          import_dependence_pct: (100 / 300) * 100,
          change_yoy_pp: (100 / 300 - 50 / 220) * 100,
          reason: null,
        },
      ]),
    );
  });

  it('revealed comparative advantage (Balassa) where world exports are given', async () => {
    expect(await table(run.out, 'revealed_comparative_advantage', 'period, product, rca')).toEqual([
      { period: '2020', product: '1001', rca: 50 / 1000 / (25000 / 1000000) },
      { period: '2020', product: '2709', rca: 500 / 1000 / (50000 / 1000000) },
    ]);
  });

  it('trade intensity where world imports are given', async () => {
    expect(await table(run.out, 'trade_intensity', 'period, partner, tii')).toEqual([
      { period: '2020', partner: 'CHN', tii: 690 / 1000 / (400000 / 2000000) },
      { period: '2020', partner: 'RUS', tii: 300 / 1000 / (100000 / 2000000) },
    ]);
  });

  it('growth by partner and product (the integration report: flour to Russia, +160 %)', async () => {
    expect(
      await table(
        run.out,
        'trade_by_partner_product',
        'period, partner, product, share_of_partner_pct, growth_yoy_pct',
      ),
    ).toEqual([
      {
        period: '2020',
        partner: 'RUS',
        product: '1101',
        share_of_partner_pct: (10 / 300) * 100,
        growth_yoy_pct: null,
      },
      {
        period: '2021',
        partner: 'RUS',
        product: '1101',
        share_of_partner_pct: (26 / 330) * 100,
        growth_yoy_pct: (26 / 10 - 1) * 100,
      },
    ]);
  });
});
