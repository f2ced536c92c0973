import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, observations, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('import_dependence = M / (production + M - X) * 100, and its change', () => {
  it('a product whose exports exceed production plus imports has no dependence, with the reason', async () => {
    await observations(db, [
      {
        indicator: 'production',
        region_kato: '000000000',
        year: 2021,
        product: '1001',
        value: 100,
        unit: 'thousand USD',
      },
      {
        indicator: 'production',
        region_kato: '000000000',
        year: 2022,
        product: '1001',
        value: 100,
        unit: 'thousand USD',
      },
      {
        indicator: 'production',
        region_kato: '000000000',
        year: 2022,
        product: '2709',
        value: 10,
        unit: 'thousand USD',
      },
    ]);
    const flow = (year: number, product: string, f: string, value_usd: number) => ({
      period: String(year),
      product,
      flow: f,
      value_usd,
    });
    await contractTable(db, 'trade', 'trade_by_product', [
      flow(2021, '1001', 'import', 20),
      flow(2021, '1001', 'export', 20),
      flow(2022, '1001', 'import', 60),
      flow(2022, '1001', 'export', 10),
      flow(2022, '2709', 'import', 5),
      flow(2022, '2709', 'export', 50),
    ]);
    await table(db, 'period_links', [
      { period: '2021', previous_period: '2020', year_ago_period: '2020' },
      { period: '2022', previous_period: '2021', year_ago_period: '2021' },
    ]);
    await contractTable(db, 'trade', 'product_coverage', [
      { period: '2022', flow: 'import', partner: '_T', product_coverage_pct: 99.0, complete: true },
    ]);
    const rows = await runModel(db, 'trade', 'import_dependence');
    expect(
      pick(rows, [
        'period',
        'product',
        'apparent_consumption_usd',
        'import_dependence_pct',
        'change_yoy_pp',
        'reason',
      ]),
    ).toEqual([
      {
        period: '2021',
        product: '1001',
        apparent_consumption_usd: 100,
        import_dependence_pct: 20,
        change_yoy_pp: null,
        reason: null,
      },
      {
        period: '2022',
        product: '1001',
        apparent_consumption_usd: 150,
        import_dependence_pct: 40,
        change_yoy_pp: 20,
        reason: null,
      },
      {
        period: '2022',
        product: '2709',
        apparent_consumption_usd: -35,
        import_dependence_pct: null,
        change_yoy_pp: null,
        reason: 'apparent consumption (production + imports - exports) is not positive',
      },
    ]);
  });
});
