import { defineTable } from '../../../src/index.ts';
import { int, num, vintage, year } from '../columns.ts';

export default defineTable({
  title: 'Regional inequality of GRP per capita',
  description:
    'Across the regions of each year’s newest borders, unweighted: CV, Theil T, mean log deviation, Gini; population-weighted CV (Williamson); sigma = SD of ln GRP per capita (pipelines/structure/models/inequality.sql).',
  primaryKey: ['year'],
  columns: [
    year,
    vintage,
    int('regions', 'regions in the comparison'),
    num('mean_grp_per_capita', 'unweighted mean', 'thousand tenge'),
    num('national_grp_per_capita', 'sum of GRP / sum of population', 'thousand tenge'),
    num('cv', 'coefficient of variation (sample SD / mean)'),
    num('theil', 'Theil T index'),
    num('mld', 'mean log deviation (Theil L)'),
    num('gini', 'Gini coefficient'),
    num('williamson', 'population-weighted coefficient of variation'),
    num('sigma', 'population SD of ln GRP per capita (sigma-convergence)'),
  ],
});
