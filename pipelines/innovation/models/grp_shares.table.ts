import { commonColumns, defineTable } from '../../../src/index.ts';

export default defineTable({
  title: 'Innovation money figures as % of GRP',
  description:
    'value = money figure / GRP of the same region, year and borders * 100, for innovative products, expenditure on innovation and internal R&D expenditure (the bulletins publish money, not shares). The rating uses a computed share only where no source publishes one (used_by_rating); published_value shows the published share beside it.',
  primaryKey: ['indicator', 'region_kato', 'year'],
  columns: [
    {
      name: 'indicator',
      type: 'string',
      required: true,
      description: 'the share (catalogue id), e.g. innovative_products_pct_grp',
    },
    commonColumns.region_kato,
    commonColumns.year,
    {
      name: 'boundary_vintage',
      type: 'string',
      required: true,
      description: 'borders of the money figure (GRP is taken on the same land)',
    },
    {
      name: 'value',
      type: 'double',
      unit: 'percent',
      description: 'money / GRP * 100; NULL with a reason when it cannot be computed',
    },
    { name: 'unit', type: 'string', required: true, description: 'percent' },
    {
      name: 'money_indicator',
      type: 'string',
      required: true,
      description: 'the money figure divided: innovative_products, innovation_expenditure, rd_expenditure',
    },
    { name: 'money_value', type: 'double', description: 'the money figure, in `money_unit`' },
    { name: 'money_unit', type: 'string', required: true, description: 'million tenge (catalogue unit)' },
    { name: 'grp', type: 'double', description: 'GRP of the region and year, million tenge' },
    {
      name: 'published_value',
      type: 'double',
      unit: 'percent',
      description: 'the share as a source publishes it for the same region and year, if any',
    },
    {
      name: 'used_by_rating',
      type: 'bool',
      required: true,
      description: 'true where no source publishes the share, so the rating uses this computed one',
    },
    { name: 'status', type: 'string', description: 'status of an unpublished money figure (x, -, na)' },
    { name: 'reason', type: 'string', description: 'why there is no value' },
    {
      name: 'source',
      type: 'string',
      required: true,
      description: 'the cells divided: money figure / GRP (raw file and row or cell of each)',
    },
  ],
});
