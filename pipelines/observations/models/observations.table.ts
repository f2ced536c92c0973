import { defineTable, observationColumns, observationKey } from '../../../src/index.ts';

export default defineTable({
  title: 'Observations',
  description: 'One row per figure (docs/publishing.md: observations.observations).',
  primaryKey: observationKey,
  schemaVersion: '3.0',
  columns: observationColumns,
  fromNormalise: 'observations',
  parts: 'inputs',
});
