import { defineTable, observationKey, revisionColumns } from '../../../src/index.ts';

export default defineTable({
  title: 'Revisions between the sources',
  description:
    'Figures two inputs give differently: the value kept (newer vintage) and the one it superseded, e.g. the GRP workbook’s preliminary 2023 against the revised processed series.',
  primaryKey: [...observationKey, 'superseded_source'],
  schemaVersion: '2.0',
  columns: revisionColumns,
  fromNormalise: 'revisions',
});
