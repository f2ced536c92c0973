import { defineTable, observationKey } from '../../../src/index.ts';
import { harmonisedColumns } from '../columns.ts';

export default defineTable({
  title: 'Observations on one set of borders',
  description:
    'Every figure that can be expressed on the borders of the parameter harmonise_to (default 1997): as published where the territory is the same, otherwise the sum of the pieces the table prints (additive indicators only). A continuous series per region.',
  primaryKey: observationKey,
  schemaVersion: '3.0',
  columns: harmonisedColumns,
  parts: { by: 'indicator' },
});
