import { commonColumns, defineTable } from '../../../src/index.ts';

export default defineTable({
  title: 'Figures the rating considered',
  schemaVersion: '1.2',
  description:
    'Every figure of a rating indicator for a region and year: whether the rating used it (or why not), its treated value (parameter treatment) and its normalised value (parameter normalisation_method, min-max by default).',
  primaryKey: ['region_kato', 'year', 'indicator'],
  columns: [
    commonColumns.region_kato,
    commonColumns.year,
    commonColumns.indicator,
    { name: 'group', type: 'string', required: true, description: "'conditions' or 'activity'" },
    {
      name: 'position',
      type: 'int32',
      required: true,
      description:
        "the indicator's place in the rating (1..6, table rating_indicators): the two expenditure measures of the activity group, one up to 2021 and one from 2022, share position 6",
    },
    { name: 'value', type: 'double', description: 'the figure as published, in `unit`' },
    {
      name: 'treated_value',
      type: 'double',
      description:
        'the figure after outlier treatment (winsorised or log transformed), which is normalised; NULL when treatment=none or the figure is not used',
    },
    {
      name: 'treatment',
      type: 'string',
      description:
        "what treatment did to the figure: 'none' (treatment=none), 'winsorised', 'kept' (its indicator winsorised, this figure not), 'log transformed', 'within thresholds' or 'not tested' with why; NULL when the figure is not used",
    },
    { name: 'status', type: 'string', description: 'status of an unpublished figure (x, -, na)' },
    { name: 'unit', type: 'string', required: true, description: 'catalogue unit' },
    {
      name: 'boundary_vintage',
      type: 'string',
      required: true,
      description: 'borders the figure refers to',
    },
    {
      name: 'rating_vintage',
      type: 'string',
      required: true,
      description: "borders of the year's rating",
    },
    { name: 'used', type: 'bool', required: true, description: 'whether the rating used the figure' },
    {
      name: 'norm_min',
      type: 'double',
      description: 'minimum of the used (treated) figures (the year, or all years when pooled)',
    },
    {
      name: 'norm_max',
      type: 'double',
      description: 'maximum of the used (treated) figures (the year, or all years when pooled)',
    },
    {
      name: 'normalised',
      type: 'double',
      description:
        'minmax (default): (value - norm_min) / (norm_max - norm_min) * 100, 50 when norm_max = norm_min; or zscore, rank, goalposts, distance_to_target (parameter normalisation_method)',
    },
    { name: 'reason', type: 'string', description: 'why the figure is not used' },
    { name: 'source', type: 'string', required: true, description: 'raw file and row or cell' },
  ],
});
