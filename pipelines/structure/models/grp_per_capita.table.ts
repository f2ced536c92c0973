import { defineTable } from '../../../src/index.ts';
import { int, mln, num, olderBorders, pct, region, vintage, year } from '../columns.ts';

export default defineTable({
  needs: {
    indicators: ['grp', 'grp_per_capita'],
    inputs: 'gross regional product and population by region (BNS)',
  },
  title: 'GRP per capita',
  description:
    'GRP / average annual population on the same borders, thousand tenge, with rank (Taskarayeva et al. 2023; pipelines/structure/models/grp_per_capita.sql).',
  primaryKey: ['region_kato', 'year'],
  columns: [
    region,
    year,
    vintage,
    mln('grp', 'gross regional product, current prices'),
    { name: 'grp_status', type: 'string', description: "'p' when the GRP is preliminary" },
    num('population', 'average annual population on the same borders', 'persons'),
    { name: 'population_method', type: 'string', description: 'how the population was obtained' },
    num('grp_per_capita', 'GRP per capita', 'thousand tenge'),
    int('rank', '1 = highest, among the regions of the year’s newest borders'),
    int('ranked_regions', 'regions ranked that year'),
    olderBorders,
    num('published_grp_per_capita', 'the figure as published, when given as an input', 'thousand tenge'),
    pct('difference_pct', '(grp_per_capita / published - 1) * 100'),
  ],
});
