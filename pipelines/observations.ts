import { z } from 'zod';
import { definePipeline } from '../src/engine/pipeline.ts';
import { observationColumns, observationKey, revisionColumns } from '../src/normalise/contract.ts';

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
  params: z.object({}),
  steps: [],
  tables: [
    {
      name: 'observations',
      title: 'Observations',
      description: 'One row per figure (CONTRACT.md: observations.observations).',
      primaryKey: observationKey,
      columns: observationColumns,
      fromNormalise: 'observations',
    },
    {
      name: 'revisions',
      title: 'Revisions between sources',
      description: 'Figures given by two sources: the value kept (newer vintage) and the one it superseded.',
      primaryKey: [...observationKey, 'superseded_source'],
      columns: revisionColumns,
      fromNormalise: 'revisions',
    },
  ],
  checks: [],
});
