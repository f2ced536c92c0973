import { defineTable } from '../../../src/index.ts';
import { int, num, vintage } from '../columns.ts';

export default defineTable({
  title: 'Beta-convergence of GRP per capita',
  description:
    'OLS of the annual growth of GRP per capita on its initial log level across regions, on common borders, with the speed of convergence and half-life (pipelines/structure/models/beta_convergence.sql).',
  primaryKey: ['from_year', 'to_year'],
  columns: [
    { name: 'from_year', type: 'int32', required: true, description: 'initial year T0' },
    { name: 'to_year', type: 'int32', required: true, description: 'final year T1' },
    vintage,
    int('regions', 'regions in the regression'),
    num('beta', 'slope of (1/T) ln(y_T1 / y_T0) on ln y_T0'),
    num('beta_std_error', 'conventional standard error of beta'),
    num('intercept', 'intercept'),
    num('r2', 'R²'),
    num('convergence_speed', 'lambda, the speed of convergence -ln(1 + T beta) / T', 'per year'),
    num('half_life', 'ln 2 / convergence_speed', 'years'),
  ],
});
