import { z } from 'zod';
import { definePipeline, sqlModels } from '../../src/index.ts';

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
  // harmonised.sql puts each figure on the target borders from its own indicator's figures alone
  computeBy: 'indicator',
  params: z.object({
    harmonise_to: z
      .enum(['1997', '2018', '2022'])
      .default('1997')
      .describe(
        'the borders (boundary vintage) of the harmonised table: 1997 is the one every later figure can be summed back to',
      ),
  }),
  steps: [
    ...sqlModels(import.meta.url, { inputs: ['observations', 'indicators', 'regions', 'territory_pieces'] }),
    {
      name: 'harmonise_refused',
      async run(ctx) {
        const refused = await ctx.query<{ reason: string; n: number; indicators: string }>(
          'report/harmonise_refused.sql',
        );
        for (const r of refused)
          ctx.warn(
            `harmonised (${ctx.params.harmonise_to} borders) leaves out ${r.n} figures of merged territories, ${r.reason}: ${r.indicators}`,
          );
      },
    },
  ],
  reads: ['pipelines/observations/report'],
});
