import { type ColumnSpec, commonColumns } from '../../src/index.ts';

/** Columns and column builders the innovation tables share (each table's contract is models/<table>.table.ts). */

export const region = [
  commonColumns.region_kato,
  { name: 'region_name', type: 'string', description: 'English name of the region (registry)' },
  { name: 'year', type: 'int32', required: true, description: 'year rated' },
] as const satisfies ColumnSpec[];

export const share = (c: string): ColumnSpec => ({
  name: `share_${c.toLowerCase()}`,
  type: 'double',
  description: `share of the draws with a class in which the region is in class ${c}`,
});
