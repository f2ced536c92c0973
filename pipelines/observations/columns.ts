import { observationColumns } from '../../src/index.ts';

/** Columns and column builders the observations tables share (each table's contract is models/<table>.table.ts). */

export const harmonisedColumns = [
  ...observationColumns.filter((c) => !['region_label', 'note'].includes(c.name)),
  {
    name: 'harmonised_from',
    type: 'string' as const,
    description:
      'how the figure was put on the target borders: NULL = as published; otherwise the pieces summed or the borders it was published on',
  },
].map((c) =>
  c.name === 'boundary_vintage' ? { ...c, description: 'the target borders (parameter harmonise_to)' } : c,
);
