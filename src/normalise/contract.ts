import type { ColumnSpec } from '../core/table.ts';

/**
 * The columns of the normalised `observations` table and of `revisions`. The
 * breakdowns are part of the key and never NULL: SDMX codes `_T` (the total
 * over the breakdown) and `_Z` (the breakdown does not apply), as the BNS's
 * SDG platform uses them, so a join on them matches and Table Schema's rule
 * that key fields are required holds.
 */
const breakdowns: ColumnSpec[] = [
  {
    name: 'industry',
    type: 'string',
    required: true,
    description:
      "OKED section letter (A..U) or division code; '_T' = all industries, '_Z' = the indicator has no industry breakdown",
  },
  {
    name: 'partner',
    type: 'string',
    required: true,
    description:
      "trade partner, ISO 3166-1 alpha-3; '_T' = the world (all partners), '_Z' = not a figure by partner",
  },
  {
    name: 'product',
    type: 'string',
    required: true,
    description: "HS product code; '_T' = all goods, '_Z' = not a figure by product",
  },
  {
    name: 'flow',
    type: 'string',
    required: true,
    description:
      "'export' or 'import' where a file gives it; '_T' = both flows, '_Z' = the indicator has no flow breakdown",
  },
];

export const observationKey = [
  'indicator',
  'region_kato',
  'period',
  'industry',
  'partner',
  'product',
  'flow',
];

export const observationColumns: ColumnSpec[] = [
  {
    name: 'indicator',
    type: 'string',
    required: true,
    description: 'indicator id from the catalogue (catalog/indicators.csv)',
  },
  {
    name: 'region_kato',
    type: 'string',
    required: true,
    description: "9-digit KATO code of the region; '000000000' is the Republic",
  },
  {
    name: 'period',
    type: 'string',
    required: true,
    description: '2022, 2022-Q1, 2022-H1, 2022-M03, 2022-YTD-Q3 (year-to-date), 2022-YTD-M05',
  },
  ...breakdowns,
  {
    name: 'value',
    type: 'double',
    description: 'the figure in `unit`; NULL when not published (see status)',
  },
  {
    name: 'unit',
    type: 'string',
    required: true,
    description: 'the catalogue unit of the indicator (values were converted to it)',
  },
  {
    name: 'status',
    type: 'string',
    description:
      "NULL = published value; 'p' preliminary; 'x' confidential; '-' no such phenomenon; 'na' not available",
  },
  {
    name: 'source',
    type: 'string',
    required: true,
    description: "the raw file and row or cell the figure came from, e.g. bns/x.xlsx#'Sheet'!S17",
  },
  {
    name: 'period_type',
    type: 'string',
    required: true,
    description: 'year, half, quarter, month or ytd (cumulative from January)',
  },
  { name: 'year', type: 'int32', required: true, description: 'calendar year of the period' },
  { name: 'period_start', type: 'date', required: true, description: 'first day of the period' },
  { name: 'period_end', type: 'date', required: true, description: 'last day of the period' },
  {
    name: 'boundary_vintage',
    type: 'string',
    required: true,
    description:
      'the regional borders the figure refers to: 1997, 2018 (Turkestan/Shymkent) or 2022 (Abai/Zhetisu/Ulytau); see registry/boundary_vintages.csv',
  },
  { name: 'region_label', type: 'string', description: 'the region as the source printed it' },
  { name: 'note', type: 'string', description: 'footnotes and reinterpretations that apply to this figure' },
];

/**
 * The columns many published tables share, described once (as the observations describe them): a
 * table's contract references them, so a region code or a year means the same in every table.
 */
const common = (name: string): ColumnSpec => {
  const c = observationColumns.find((o) => o.name === name);
  if (!c) throw new Error(`no observation column ${name}`);
  return c;
};
export const commonColumns = {
  indicator: common('indicator'),
  region_kato: common('region_kato'),
  year: { ...common('year'), description: 'calendar year' },
  boundary_vintage: common('boundary_vintage'),
} as const satisfies Record<string, ColumnSpec>;

export const revisionColumns: ColumnSpec[] = [
  commonColumns.indicator,
  commonColumns.region_kato,
  { name: 'period', type: 'string', required: true, description: 'period' },
  ...breakdowns,
  { name: 'value', type: 'double', description: 'the value kept (from the newer source)' },
  { name: 'superseded_value', type: 'double', description: 'the value of the older source' },
  { name: 'change_pct', type: 'double', description: '(value / superseded_value - 1) * 100' },
  { name: 'unit', type: 'string', required: true, description: 'unit of both values' },
  { name: 'source', type: 'string', required: true, description: 'the newer source' },
  { name: 'vintage', type: 'string', description: 'vintage of the newer source' },
  { name: 'superseded_source', type: 'string', required: true, description: 'the older source' },
  { name: 'superseded_vintage', type: 'string', description: 'vintage of the older source' },
];
