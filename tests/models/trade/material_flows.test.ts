import { afterAll, describe, expect, it } from 'vitest';
import { modelDb, pick, runModel, table } from '../helpers.ts';

const db = await modelDb('trade');
afterAll(() => db.close());

describe('material_flows: exports against imports by degree of processing', () => {
  it('balance, coverage and each degree as a share of its flow; a degree only exported has no coverage', async () => {
    const p = (flow: string, degree: string, value_usd: number) => ({
      year: 2022,
      period: '2022',
      period_type: 'year',
      flow,
      degree,
      value_usd,
      top_level: true,
    });
    await table(
      db,
      'trade_by_product',
      [
        p('export', 'raw', 80),
        p('export', 'processed', 20),
        p('import', 'processed', 50),
        p('export', 'unclassified', 0),
      ],
      { value_usd: 'DOUBLE' },
    );
    await table(
      db,
      'product_coverage',
      [
        { period: '2022', flow: 'export', partner: '_T', product_coverage_pct: 100, complete: true },
        { period: '2022', flow: 'import', partner: '_T', product_coverage_pct: 90, complete: false },
      ],
      { product_coverage_pct: 'DOUBLE' },
    );
    const rows = await runModel(db, 'trade', 'material_flows');
    expect(
      pick(rows, [
        'degree',
        'balance_usd',
        'coverage_pct',
        'export_share_pct',
        'import_share_pct',
        'complete',
      ]),
    ).toEqual([
      {
        degree: 'processed',
        balance_usd: -30,
        coverage_pct: 40,
        export_share_pct: 20,
        import_share_pct: 100,
        complete: false,
      },
      {
        degree: 'raw',
        balance_usd: null,
        coverage_pct: null,
        export_share_pct: 80,
        import_share_pct: null,
        complete: false,
      },
      {
        degree: 'unclassified',
        balance_usd: null,
        coverage_pct: null,
        export_share_pct: 0,
        import_share_pct: null,
        complete: false,
      },
    ]);
  });
});
