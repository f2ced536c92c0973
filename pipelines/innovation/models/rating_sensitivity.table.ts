import { defineTable } from '../../../src/index.ts';

export default defineTable({
  title: 'How much each assumption of the rating moves ranks',
  description:
    'Per year and assumption of the rating (normalisation, aggregation, weights, left_out; all = every one drawn at once): the mean and largest absolute shift of the rated regions’ ranks from the published ones when the assumption alone changes, and the first-order sensitivity index V(E[rank | assumption]) / V(rank) over the joint draws of rating_uncertainty.',
  primaryKey: ['year', 'assumption'],
  columns: [
    { name: 'year', type: 'int32', required: true, description: 'year rated' },
    {
      name: 'assumption',
      type: 'string',
      required: true,
      description: "normalisation, aggregation, weights, left_out, or 'all' (the joint draws)",
    },
    { name: 'scenarios', type: 'int32', required: true, description: 'scenarios of the assumption' },
    {
      name: 'mean_abs_rank_shift',
      type: 'double',
      description: 'mean over regions and scenarios of |rank - published rank|',
    },
    { name: 'max_abs_rank_shift', type: 'int32', description: 'the largest |rank - published rank|' },
    {
      name: 'first_order_index',
      type: 'double',
      description:
        'share of the variance of ranks over the joint draws explained by this assumption alone (0..1); NULL for weights and all',
    },
  ],
});
