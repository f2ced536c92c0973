import { commonColumns, defineTable } from '../../../src/index.ts';

export default defineTable({
  title: 'Indicators against a base year',
  description:
    'pct_of_base = value / base_value * 100 (Kireeva, table 1: "2013 to 2009, %"). NULL with a reason where the base-year figure is missing, unpublished, zero or on other borders.',
  primaryKey: ['indicator', 'region_kato', 'base_year', 'year'],
  columns: [
    commonColumns.indicator,
    commonColumns.region_kato,
    {
      name: 'base_year',
      type: 'int32',
      required: true,
      description: 'the base year (parameter base_year, else the first year with a value)',
    },
    { name: 'year', type: 'int32', required: true, description: 'the year compared with the base' },
    { name: 'value', type: 'double', description: 'the figure in `year`, in `unit`' },
    { name: 'base_value', type: 'double', description: 'the figure in `base_year`, in `unit`' },
    {
      name: 'pct_of_base',
      type: 'double',
      unit: 'percent',
      description: 'value / base_value * 100; NULL with a reason when it cannot be given',
    },
    { name: 'unit', type: 'string', required: true, description: 'catalogue unit of the indicator' },
    {
      name: 'boundary_vintage',
      type: 'string',
      required: true,
      description: 'borders the figure of `year` refers to (1997, 2018, 2022)',
    },
    {
      name: 'base_boundary_vintage',
      type: 'string',
      description: 'borders the base-year figure refers to',
    },
    { name: 'reason', type: 'string', description: 'why pct_of_base is NULL' },
  ],
});
