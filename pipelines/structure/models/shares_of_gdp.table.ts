import { defineTable } from '../../../src/index.ts';
import { int, mln, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  title: 'Shares of GDP',
  description:
    'GRP of each region as a share of the sum of regions and of the Republic’s GDP (pipelines/structure/models/shares_of_gdp.sql).',
  primaryKey: ['region_kato', 'year'],
  columns: [
    region,
    year,
    vintage,
    mln('grp', 'gross regional product, current prices'),
    pct('share_pct', 'GRP / sum of the regions’ GRP'),
    mln('regions_sum', 'sum of the regions’ GRP (newest borders)'),
    int('regions', 'regions in the sum'),
    mln('republic_grp', 'the Republic’s published GDP'),
    pct('share_of_republic_pct', 'GRP / the Republic’s GDP'),
    int('rank', '1 = largest'),
  ],
});
