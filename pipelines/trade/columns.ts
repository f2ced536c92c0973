import type { ColumnSpec } from '../../src/index.ts';

/** Columns and column builders the trade tables share (each table's contract is models/<table>.table.ts). */

export const USD = 'thousand USD';
export const period: ColumnSpec[] = [
  { name: 'year', type: 'int32', required: true, description: 'calendar year of the period' },
  {
    name: 'period',
    type: 'string',
    required: true,
    description: '2022, 2022-Q1, 2022-H1, 2022-M03 or 2022-YTD-Q3 (year-to-date)',
  },
  { name: 'period_type', type: 'string', required: true, description: 'year, half, quarter, month or ytd' },
];
export const flow: ColumnSpec = {
  name: 'flow',
  type: 'string',
  required: true,
  description: "'export' or 'import'",
};
export const money = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description: `${description}, thousand USD`,
  unit: USD,
});
export const pct = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'double',
  description,
  unit: 'percent',
});
export const growth: ColumnSpec[] = [
  pct(
    'growth_prev_pct',
    '(value / value of the previous period - 1) * 100; NULL when that period is missing or 0; none for year-to-date periods',
  ),
  pct(
    'growth_yoy_pct',
    '(value / value of the same period a year earlier - 1) * 100; NULL when missing or 0',
  ),
];
export const text = (name: string, description: string, required = false): ColumnSpec => ({
  name,
  type: 'string',
  description,
  required,
});
export const bool = (name: string, description: string): ColumnSpec => ({ name, type: 'bool', description });
/** The coverage columns of every table built on products (pipelines/trade/models/product_coverage.sql). */
export const coverage = (of: string): ColumnSpec[] => [
  pct(
    'product_coverage_pct',
    `${of} given by product / the published total * 100; NULL when no total is published for the period`,
  ),
  bool(
    'complete',
    `false when ${of} by product fall short of the published total by more than coverage_tolerance_pct (or a value is unknown): shares and sums over products are then not the period's; NULL when there is no published total to compare with`,
  ),
];
