import { defineTable } from '../../../src/index.ts';
import { num, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['organisations_registered', 'organisations_opened', 'organisations_liquidated'],
    inputs:
      'counts of registered, newly registered and liquidated legal entities by region and year (BNS enterprise demography)',
  },
  title: 'Enterprise demography',
  description:
    'Registered, opened and liquidated organisations by region, industry and year; empty without these inputs (pipelines/structure/models/enterprise_demography.sql).',
  primaryKey: ['region_kato', 'year', 'industry'],
  schemaVersion: '2.0',
  columns: [
    region,
    year,
    {
      name: 'industry',
      type: 'string',
      required: true,
      description: "OKED section or division; '_T' = all industries",
    },
    vintage,
    num('registered', 'registered organisations', 'count'),
    num('opened', 'organisations opened', 'count'),
    num('liquidated', 'organisations liquidated', 'count'),
    num('net_opened', 'opened - liquidated', 'count'),
    num('opened_per_liquidated', 'opened / liquidated', 'ratio'),
    num('registered_change', 'registered minus the previous year’s', 'count'),
    pct('registered_growth_pct', 'growth of registered organisations'),
  ],
});
