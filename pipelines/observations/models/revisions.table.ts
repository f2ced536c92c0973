import { defineTable, observationKey, revisionColumns } from '../../../src/index.ts';

export default defineTable({
  title: 'Revisions between sources',
  description: 'Figures given by two sources: the value kept (newer vintage) and the one it superseded.',
  primaryKey: [...observationKey, 'superseded_source'],
  schemaVersion: '2.0',
  columns: revisionColumns,
  fromNormalise: 'revisions',
});
