import { defineTable } from '../../../src/index.ts';
import { region, share } from '../columns.ts';

export default defineTable({
  title: 'How sure each rank of the rating is',
  description:
    "Each rated region's rank under uncertainty_draws seeded Monte Carlo draws (default 200, seed uncertainty_seed) of the rating's assumptions at once: normalisation (min-max, z-score, percent rank), aggregation (arithmetic, geometric, harmonic mean), every weight within +/- weight_range (25 %) and one indicator left out or none. Median rank, 5th and 95th percentile, and the share of draws in each class A..D. The same seed gives the same table.",
  primaryKey: ['region_kato', 'year'],
  columns: [
    ...region,
    {
      name: 'nominal_rank',
      type: 'int32',
      required: true,
      description: 'the published rank (innovation_rating)',
    },
    { name: 'median_rank', type: 'double', description: 'median of the rank over the draws' },
    { name: 'p05_rank', type: 'double', description: '5th percentile of the rank over the draws' },
    { name: 'p95_rank', type: 'double', description: '95th percentile of the rank over the draws' },
    share('A'),
    share('B'),
    share('C'),
    share('D'),
    {
      name: 'draws',
      type: 'int32',
      required: true,
      description: 'draws in which the region has a rank (fewer when a draw leaves out its only indicator)',
    },
    {
      name: 'class_draws',
      type: 'int32',
      required: true,
      description:
        'of those, draws whose score is on the 0..100 scale of the class thresholds (not z-scores averaged arithmetically)',
    },
  ],
});
