import { type ColumnSpec, commonColumns, type TableNeeds } from '../../src/index.ts';

/** Columns and column builders the structure tables share (each table's contract is models/<table>.table.ts). */

export const region: ColumnSpec = commonColumns.region_kato;
export const year: ColumnSpec = commonColumns.year;
export const vintage: ColumnSpec = commonColumns.boundary_vintage;
export const olderBorders: ColumnSpec = {
  name: 'older_borders',
  type: 'bool',
  description:
    'true for a region printed on older borders beside its recalculated successors in the same year (South Kazakhstan 2011-2017): kept for its own series, left out of anything that adds or ranks regions',
};
export const industry: ColumnSpec = {
  name: 'industry',
  type: 'string',
  required: true,
  description: 'OKED section letter (A..U)',
};
export const mln = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'million tenge',
});
export const pct = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'percent',
});
export const num = (name: string, description: string, unit?: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  ...(unit ? { unit } : {}),
});
export const int = (name: string, description: string): ColumnSpec => ({ name, type: 'int32', description });

/** What the industry indices (location quotients and all built on them) need, and the years they leave out. */
export const industryNeeds: TableNeeds = {
  indicators: ['gva'],
  inputs: 'gross value added by OKED section and region (BNS)',
  yearsLeftOut:
    'a year whose OKED sections cover less than the parameter min_gva_coverage_pct of GDP has no industry indices (table gva_coverage)',
};
