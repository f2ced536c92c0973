import { z } from 'zod';
import { definePipeline } from '../src/core/pipeline.ts';
import { observationColumns, observationKey, revisionColumns } from '../src/normalise/contract.ts';

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

/**
 * The normalised base: every bundled or given source, one row per figure,
 * with its region by KATO code and boundary vintage, its typed period, its
 * catalogue unit and a pointer back to the raw cell. Other pipelines read
 * the same normalisation; this one publishes it as it is.
 */
export default definePipeline({
  name: 'observations',
  title: 'Official statistics of Kazakhstan, normalised',
  description:
    'Observations from the Bureau of National Statistics (workbooks, SDG platform, Taldau) and tables printed in the research papers, one row per indicator, region (KATO), period and breakdown. Missing values stay NULL with a status; every row points at the raw file and cell it came from. `revisions` lists figures that a newer source changed.',
  dataset: 'observations',
  indicators: 'all',
  params: z.object({
    /** the borders of the `harmonised` table: 1997 is the one every later figure can be summed back to */
    harmonise_to: z.enum(['1997', '2018', '2022']).default('1997'),
  }),
  steps: [
    { sql: 'sql/observations/harmonised.sql' },
    {
      name: 'harmonise_refused',
      async run(ctx) {
        const refused = await ctx.db.all<{ reason: string; n: number; indicators: string }>(
          `SELECT reason, count(*)::INTEGER AS n, string_agg(DISTINCT indicator, ', ' ORDER BY indicator) AS indicators
           FROM harmonise_refused GROUP BY reason ORDER BY reason`,
        );
        for (const r of refused)
          ctx.warn(
            `harmonised (${ctx.params.harmonise_to} borders) leaves out ${r.n} figures of merged territories, ${r.reason}: ${r.indicators}`,
          );
      },
    },
  ],
  tables: [
    {
      name: 'observations',
      title: 'Observations',
      description: 'One row per figure (CONTRACT.md: observations.observations).',
      primaryKey: observationKey,
      schemaVersion: '2.0',
      columns: observationColumns,
      fromNormalise: 'observations',
    },
    {
      name: 'harmonised',
      title: 'Observations on one set of borders',
      description:
        'Every figure that can be expressed on the borders of the parameter harmonise_to (default 1997): as published where the territory is the same, otherwise the sum of the pieces the table prints (additive indicators only). A continuous series per region.',
      primaryKey: observationKey,
      schemaVersion: '2.0',
      columns: harmonisedColumns,
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
  ],
  checks: [],
});
