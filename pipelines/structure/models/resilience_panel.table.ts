import { defineTable } from '../../../src/index.ts';
import { int, num } from '../columns.ts';

export default defineTable({
  title: 'Diversification and GRP per capita: fixed-effects regressions',
  description:
    'Within (fixed-effects) regressions of ln GRP per capita on diversification (Taskarayeva et al. 2023, table 1), region-on-borders fixed effects, conventional standard errors with N - entities - k degrees of freedom (src/panel/within.ts).',
  primaryKey: ['model', 'term'],
  columns: [
    { name: 'model', type: 'string', required: true, description: 'the regressors' },
    { name: 'term', type: 'string', required: true, description: 'the regressor' },
    num('coefficient', 'within estimate'),
    num('std_error', 'conventional standard error'),
    num('t_stat', 'coefficient / std_error'),
    { name: 'dependent', type: 'string', description: 'the dependent variable' },
    int('n_obs', 'observations'),
    int('n_entities', 'regions (on their borders)'),
    int('n_periods', 'years'),
    int('df_resid', 'N - entities - k'),
    num(
      'within_r2',
      'within R² (with year effects, their share of the within variation included, as Stata reports it)',
    ),
    { name: 'time_effects', type: 'bool', description: 'year dummies included' },
    int('first_year', 'first year of the panel'),
    int('last_year', 'last year of the panel'),
  ],
});
