import { afterAll, describe, expect, it } from 'vitest';
import { contractTable, modelDb, observations, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe("revealed_comparative_advantage: RCA = (X_k / X) / (W_k / W), Balassa's index", () => {
  it('by heading and by chapter; a heading against world exports in another HS edition has no RCA, its chapter has', async () => {
    const f = (product: string, edition: string) => ({
      period: '2022',
      flow: 'export',
      partner: '_T',
      product,
      note: `HS ${edition}`,
    });
    await table(db, 'trade_flows', [f('2709', '1992'), f('7108', '2017')]);
    const k = (product: string, value_usd: number) => ({
      year: 2022,
      period: '2022',
      period_type: 'year',
      flow: 'export',
      product,
      value_usd,
      top_level: true,
    });
    await contractTable(db, 'trade', 'trade_by_product', [k('2709', 50), k('7108', 10)]);
    const w = (product: string, value: number) => ({
      indicator: 'world_exports',
      region_kato: '000000000',
      year: 2022,
      product,
      value,
      unit: 'USD',
      note: 'HS 1992',
    });
    await observations(db, [w('_T', 10000), w('2709', 1000), w('7108', 500)]);
    await contractTable(db, 'trade', 'trade_totals', [{ period: '2022', flow: 'export', value_usd: 100 }]);
    await contractTable(db, 'trade', 'product_coverage', [
      { period: '2022', flow: 'export', partner: '_T', product_coverage_pct: 100, complete: true },
    ]);
    const rows = await runModel(db, 'trade', 'revealed_comparative_advantage');
    expect(pick(rows, ['product', 'kz_share_pct', 'world_share_pct', 'rca', 'reason'])).toEqual([
      { product: '27', kz_share_pct: 50, world_share_pct: 10, rca: 5, reason: null },
      { product: '2709', kz_share_pct: 50, world_share_pct: 10, rca: 5, reason: null },
      { product: '71', kz_share_pct: 10, world_share_pct: 5, rca: 2, reason: null },
      {
        product: '7108',
        kz_share_pct: 10,
        world_share_pct: 5,
        rca: null,
        reason:
          'an HS 2017 heading against world exports in HS 1992: the same code may cover other goods in the two editions, and no concordance of them is bundled (compare chapters)',
      },
    ]);
  });
});
