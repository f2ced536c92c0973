import { defineTable } from '../../../src/index.ts';
import { bool, period, text } from '../columns.ts';

export default defineTable({
  title: 'Bloc membership by period',
  description:
    'Which country counts for which bloc in each period of the inputs, under the parameter bloc_membership (default: member on more than half of the days).',
  primaryKey: ['year', 'period', 'bloc', 'partner'],
  columns: [
    ...period,
    text('bloc', 'bloc id', true),
    text('partner', 'ISO3 code', true),
    { name: 'days_member', type: 'int32', description: 'days of the period the country was a member' },
    { name: 'period_days', type: 'int32', description: 'days in the period' },
    bool('counted', 'whether the country counts for the bloc in this period'),
  ],
});
