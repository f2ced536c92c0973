import { observationColumns, observationKey, revisionColumns, type TableSpec } from '../../src/index.ts';

/** The tables the observations pipeline publishes: their keys, columns and what each column means. */

const harmonisedColumns = [
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

export const tables: TableSpec[] = [
  {
    name: 'observations',
    title: 'Observations',
    description: 'One row per figure (docs/publishing.md: observations.observations).',
    primaryKey: observationKey,
    schemaVersion: '3.0',
    columns: observationColumns,
    fromNormalise: 'observations',
    parts: 'inputs',
  },
  {
    name: 'harmonised',
    title: 'Observations on one set of borders',
    description:
      'Every figure that can be expressed on the borders of the parameter harmonise_to (default 1997): as published where the territory is the same, otherwise the sum of the pieces the table prints (additive indicators only). A continuous series per region.',
    primaryKey: observationKey,
    schemaVersion: '3.0',
    columns: harmonisedColumns,
    parts: { by: 'indicator' },
  },
  {
    name: 'revisions',
    title: 'Revisions between sources',
    description: 'Figures given by two sources: the value kept (newer vintage) and the one it superseded.',
    primaryKey: [...observationKey, 'superseded_source'],
    schemaVersion: '2.0',
    columns: revisionColumns,
    fromNormalise: 'revisions',
  },
];
