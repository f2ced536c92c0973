import { commonColumns, defineTable } from '../../../src/index.ts';

export default defineTable({
  title: 'Regional innovation development rating A..D',
  schemaVersion: '1.1',
  description:
    "Score 0-100 = weighted mean of the conditions and activity group scores (means of min-max normalised indicators); assessment and class from the score, rank within the year (ties share a rank), and the European Regional Innovation Scoreboard group against the year mean (Kireeva, table 2). The activity group's expenditure measure is tech_innovation_expenditure_pct_grp up to 2021 and innovation_expenditure_pct_grp from 2022 (the BNS changed its survey): a break in the series, recorded in expenditure_measure.",
  primaryKey: ['region_kato', 'year'],
  columns: [
    commonColumns.region_kato,
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
});
