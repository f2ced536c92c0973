import { defineTable } from '../../../src/index.ts';
import { bool, money, pct, period, text } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['exports', 'imports'],
    inputs: 'exports or imports by HS product',
    where: 'NOT covers_all(product)',
  },
  schemaVersion: '1.1',
  title: 'Balance of material flows by degree of processing',
  description:
    'Exports and imports of raw and processed goods (registry/hs_processing.csv), their balance and each flow’s processed share (Kunyazov 2020).',
  primaryKey: ['year', 'period', 'degree'],
  columns: [
    ...period,
    text('degree', "'raw', 'processed' or 'unclassified'", true),
    money('exports_usd', 'exports of the degree'),
    money('imports_usd', 'imports of the degree'),
    money('balance_usd', 'exports - imports'),
    pct('coverage_pct', 'exports / imports * 100'),
    pct('export_share_pct', 'share of the degree in exports by product, percent'),
    pct('import_share_pct', 'share of the degree in imports by product, percent'),
    pct('export_product_coverage_pct', 'exports given by product / published total exports * 100'),
    pct('import_product_coverage_pct', 'imports given by product / published total imports * 100'),
    bool(
      'complete',
      'false when exports or imports by product fall short of the published total by more than coverage_tolerance_pct: the shares are then not the period’s; NULL when neither flow has a published total',
    ),
  ],
});
