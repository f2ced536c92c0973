import { defineTable } from '../../../src/index.ts';
import { int, mln, pct, year } from '../columns.ts';

export default defineTable({
  title: 'Completeness of the section breakdown by year',
  description:
    'Whether the Republic’s OKED sections cover enough of GDP for industry indices (pipelines/structure/models/gva_coverage.sql).',
  primaryKey: ['year'],
  columns: [
    year,
    int('sections', 'sections the Republic reports'),
    { name: 'section_list', type: 'string', description: 'those sections' },
    mln('republic_gva', 'their sum'),
    { name: 'republic_derived', type: 'bool', description: 'no Republic row: summed from the regions' },
    mln('gdp', "the Republic's GRP (GDP)"),
    pct('coverage_pct', 'republic_gva / gdp'),
    {
      name: 'used',
      type: 'bool',
      required: true,
      description: 'industry indices computed for this year',
    },
    { name: 'reason', type: 'string', description: 'why not, or why unchecked' },
  ],
});
