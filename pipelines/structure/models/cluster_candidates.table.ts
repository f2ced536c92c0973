import { defineTable } from '../../../src/index.ts';
import {
  industry,
  industryNeeds,
  int,
  mln,
  num,
  olderBorders,
  pct,
  region,
  vintage,
  year,
} from '../columns.ts';

export default defineTable({
  needs: industryNeeds,
  title: 'Cluster candidates',
  description:
    'Region-section pairs with LQ >= cluster_lq_min and at least cluster_share_min_pct % of the national section (Kokenova et al. 2020), with the LQ trend (pipelines/structure/models/cluster_candidates.sql).',
  primaryKey: ['region_kato', 'year', 'industry'],
  columns: [
    region,
    year,
    industry,
    vintage,
    num('lq', 'location quotient', 'ratio'),
    pct('share_of_national', "the region's share of the Republic's gross value added in the section"),
    pct('share_region', "the section's share of the region's gross value added (over the sections used)"),
    mln('gva', "the region's gross value added in the section"),
    num(
      'lq_trend',
      'OLS slope of the LQ on the year over the last trend_years years (NULL with fewer than 3)',
      'per year',
    ),
    int('trend_points', 'years in the trend window'),
    int('trend_from', 'first year of the trend window'),
    num('lq_change', 'LQ minus the previous year’s', 'ratio'),
    olderBorders,
  ],
});
