import { defineTable } from '../../../src/index.ts';
import { mln, num, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['grp'],
    inputs: 'gross regional product by region (BNS), and its volume index for real contributions',
    yearsLeftOut: "the first year of a region's series has no previous year to grow from",
  },
  title: 'Contributions to GDP growth',
  description:
    'Contribution of each region to GDP growth in percentage points, nominal always and real where volume indices exist; the Republic row carries the totals (pipelines/structure/models/contributions_to_growth.sql).',
  primaryKey: ['region_kato', 'year'],
  columns: [
    region,
    year,
    { ...vintage, description: 'the borders of the previous year, on which both years are compared' },
    mln('grp_previous', 'GRP of the previous year'),
    mln('grp', 'GRP of the year, on the same borders'),
    pct('nominal_growth_pct', 'nominal growth of the GRP'),
    num(
      'contribution_nominal_pp',
      'contribution to the nominal growth of the sum of regions',
      'percentage points',
    ),
    num('volume_index', 'volume index of the GRP, previous year = 100', 'percent, previous year = 100'),
    num(
      'contribution_real_pp',
      'contribution to real GDP growth (Republic row: their sum)',
      'percentage points',
    ),
  ],
});
