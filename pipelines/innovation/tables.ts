import type { TableSpec } from '../../src/index.ts';
import { compositeTables } from './composite.ts';

/** The tables the innovation pipeline publishes: their keys, columns and what each column means. */

export const tables: TableSpec[] = [
  {
    name: 'rd_dynamics',
    title: 'Indicators against a base year',
    description:
      'pct_of_base = value / base_value * 100 (Kireeva, table 1: "2013 to 2009, %"). NULL with a reason where the base-year figure is missing, unpublished, zero or on other borders.',
    primaryKey: ['indicator', 'region_kato', 'base_year', 'year'],
    columns: [
      { name: 'indicator', type: 'string', required: true, description: 'indicator id (catalogue)' },
      {
        name: 'region_kato',
        type: 'string',
        required: true,
        description: "9-digit KATO code; '000000000' is the Republic",
      },
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
  },
  {
    name: 'innovation_rating',
    title: 'Regional innovation development rating A..D',
    schemaVersion: '1.1',
    description:
      "Score 0-100 = weighted mean of the conditions and activity group scores (means of min-max normalised indicators); assessment and class from the score, rank within the year (ties share a rank), and the European Regional Innovation Scoreboard group against the year mean (Kireeva, table 2). The activity group's expenditure measure is tech_innovation_expenditure_pct_grp up to 2021 and innovation_expenditure_pct_grp from 2022 (the BNS changed its survey): a break in the series, recorded in expenditure_measure.",
    primaryKey: ['region_kato', 'year'],
    columns: [
      {
        name: 'region_kato',
        type: 'string',
        required: true,
        description: '9-digit KATO code of the region',
      },
      { name: 'region_name', type: 'string', description: 'English name of the region (registry)' },
      { name: 'year', type: 'int32', required: true, description: 'year rated' },
      {
        name: 'boundary_vintage',
        type: 'string',
        required: true,
        description: "the borders of the year's rating: the newest vintage any of its figures is on",
      },
      {
        name: 'score',
        type: 'double',
        description: 'composite score 0-100; NULL with a reason when the coverage rule forbids one',
      },
      {
        name: 'assessment',
        type: 'string',
        description: 'high, above medium, medium, low, very low (thresholds 80/60/40/20 by default)',
      },
      {
        name: 'class',
        type: 'string',
        description: 'A (high), B (above medium, medium), C (low), D (very low)',
      },
      {
        name: 'rank',
        type: 'int32',
        description: 'rank within the year by score, 1 = best; ties share a rank',
      },
      {
        name: 'conditions_score',
        type: 'double',
        description:
          'susceptibility to innovation: mean of the normalised rd_organisations, researchers_per_million, rd_expenditure_pct_grp present',
      },
      {
        name: 'activity_score',
        type: 'double',
        description:
          'innovation activity: mean of the normalised innovation_active_enterprises_pct, innovative_products_pct_grp and the expenditure measure of the year (expenditure_measure) present',
      },
      {
        name: 'conditions_indicators',
        type: 'int32',
        required: true,
        description: 'how many of the 3 conditions indicators the region has this year',
      },
      {
        name: 'activity_indicators',
        type: 'int32',
        required: true,
        description: 'how many of the 3 activity indicators the region has this year',
      },
      {
        name: 'coverage',
        type: 'double',
        required: true,
        unit: 'percent',
        description: 'indicators present / the 6 of the rating * 100',
      },
      { name: 'indicators_used', type: 'string', description: 'the indicators the score rests on' },
      {
        name: 'expenditure_measure',
        type: 'string',
        required: true,
        description:
          "the activity group's expenditure measure in force this year: tech_innovation_expenditure_pct_grp (technological innovation) up to 2021, innovation_expenditure_pct_grp (product and business-process innovation) from 2022, as the BNS changed its survey; a break in the series",
      },
      {
        name: 'partial',
        type: 'bool',
        required: true,
        description: 'true when a whole group is unpublished this year and the score is the other group’s',
      },
      {
        name: 'missing_group',
        type: 'string',
        description: "the unpublished group: 'conditions' or 'activity'",
      },
      {
        name: 'reason',
        type: 'string',
        description: 'why there is no score (coverage rule), group by group',
      },
      {
        name: 'relative_to_average',
        type: 'double',
        unit: 'percent',
        description: 'score / mean score of the year’s scored regions * 100',
      },
      {
        name: 'eris_group',
        type: 'string',
        description:
          'Regional Innovation Scoreboard group: leader (> 125 % of the mean), strong (100-125 %), moderate (70-100 %), emerging (< 70 %)',
      },
    ],
  },
  {
    name: 'rating_inputs',
    title: 'Figures the rating considered',
    schemaVersion: '1.1',
    description:
      'Every figure of a rating indicator for a region and year: whether the rating used it (or why not), its treated value (parameter treatment) and its normalised value (parameter normalisation_method, min-max by default).',
    primaryKey: ['region_kato', 'year', 'indicator'],
    columns: [
      {
        name: 'region_kato',
        type: 'string',
        required: true,
        description: '9-digit KATO code of the region',
      },
      { name: 'year', type: 'int32', required: true, description: 'year' },
      { name: 'indicator', type: 'string', required: true, description: 'indicator id (catalogue)' },
      { name: 'group', type: 'string', required: true, description: "'conditions' or 'activity'" },
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
  },
  ...compositeTables,
  {
    name: 'grp_shares',
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
      {
        name: 'region_kato',
        type: 'string',
        required: true,
        description: "9-digit KATO code; '000000000' is the Republic (share of GDP)",
      },
      { name: 'year', type: 'int32', required: true, description: 'year' },
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
  },
  {
    name: 'rd_efficiency',
    needs: {
      indicators: ['innovative_products', 'rd_expenditure'],
      inputs: 'innovative products and internal R&D expenditure in money (million tenge) by region',
    },
    title: 'Efficiency of R&D spending',
    description:
      'efficiency = share of the country’s innovative products / share of its R&D expenditure (Kireeva), where both figures exist.',
    primaryKey: ['region_kato', 'year'],
    columns: [
      {
        name: 'region_kato',
        type: 'string',
        required: true,
        description: '9-digit KATO code of the region',
      },
      { name: 'year', type: 'int32', required: true, description: 'year' },
      {
        name: 'boundary_vintage',
        type: 'string',
        required: true,
        description: 'borders of the innovative products figure',
      },
      {
        name: 'innovative_products',
        type: 'double',
        description: 'innovative goods and services, in `unit`',
      },
      { name: 'rd_expenditure', type: 'double', description: 'internal R&D expenditure, in `unit`' },
      { name: 'unit', type: 'string', required: true, description: 'unit of both money figures' },
      {
        name: 'innovative_products_total',
        type: 'double',
        description: 'national total used for the share',
      },
      { name: 'rd_expenditure_total', type: 'double', description: 'national total used for the share' },
      {
        name: 'innovative_products_total_derived',
        type: 'bool',
        description: 'true when the total is the sum of the regions (no Republic row)',
      },
      {
        name: 'rd_expenditure_total_derived',
        type: 'bool',
        description: 'true when the total is the sum of the regions (no Republic row)',
      },
      {
        name: 'share_innovative_products',
        type: 'double',
        unit: 'percent',
        description: 'region / national innovative products * 100',
      },
      {
        name: 'share_rd_expenditure',
        type: 'double',
        unit: 'percent',
        description: 'region / national R&D expenditure * 100',
      },
      {
        name: 'efficiency',
        type: 'double',
        description: 'share_innovative_products / share_rd_expenditure (ratio; 1 = proportional)',
      },
      { name: 'reason', type: 'string', description: 'why efficiency is NULL' },
    ],
  },
];
