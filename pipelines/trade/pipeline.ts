import { z } from 'zod';
import { definePipeline, InputError, sqlModels } from '../../src/index.ts';
import { loadTradeRegistry, registryFiles } from './registry.ts';

/**
 * Trade and integration (docs/methods.md section 3; the integration report 2020 and Kunyazov 2020): goods
 * exports and imports of the Republic by partner country, by bloc (with
 * membership dates), balances and coverage, growth, the balance of raw and
 * processed flows, non-resource exports towards doubling, import dependence,
 * revealed comparative advantage and trade intensity. The bundled data are
 * the BNS partner files (2020-2025) and monthly totals (2019-2025), UN
 * Comtrade by HS heading through WITS (world and China, 2015-2024; imports
 * from every partner by product group) and the Atlas's world trade by HS 1992
 * heading, all in thousand USD; anything else comes in as tidy CSV
 * (`indicator` exports | imports, `partner` ISO 3166, optional `product` HS
 * and `flow`). Every table built on products says how much of the published
 * total its products account for (`product_coverage_pct`, `complete`).
 */

const chapterList = z.preprocess(
  (v) => (Array.isArray(v) ? v : String(v).split(',')).map((x) => String(x).trim().padStart(2, '0')),
  z.array(z.string().regex(/^\d{2}$/, 'expected two-digit HS chapters such as 27')).min(1),
);

export default definePipeline({
  name: 'trade',
  title: 'Trade and integration of Kazakhstan: partners, blocs, balances',
  description:
    'Goods exports and imports of the Republic of Kazakhstan by partner country (ISO 3166-1 alpha-3) and by bloc (EAEU, Customs Union, CIS, far abroad, SCO, EU, Central Asia, China) with membership dates, shares of the total, balances, coverage and growth; where products (HS) are given: raw against processed flows, non-resource exports towards doubling, import dependence (with production), RCA (with world exports) and trade intensity (with world imports). Values in thousand USD. The integration report 2020 and Kunyazov 2020; docs/methods.md section 3.',
  dataset: 'trade',
  indicators: {
    required: [],
    optional: ['exports', 'imports', 'production', 'world_exports', 'world_imports'],
  },
  params: z.object({
    bloc_membership: z
      .enum(['majority', 'period_end', 'any_day'])
      .default('majority')
      .describe(
        'when a country that joins or leaves a bloc during a period counts for it: member on more than half of its days, on its last day, or on any day',
      ),
    resource_chapters: chapterList
      .default(['25', '26', '27', '71'])
      .describe('HS chapters whose exports are resource exports (default mineral products 25-27 and 71)'),
    doubling_base_year: z.coerce
      .number()
      .int()
      .default(2018)
      .describe('base year of the goal to double non-resource exports'),
    doubling_target_year: z.coerce.number().int().default(2025).describe('year the doubling is due'),
    totals_tolerance_pct: z.coerce
      .number()
      .nonnegative()
      .default(0.5)
      .describe(
        'largest difference between a published total and the sum of partners (or a product and its published figure) not reported',
      ),
    coverage_tolerance_pct: z.coerce
      .number()
      .nonnegative()
      .max(100)
      .default(2)
      .describe(
        'how far goods by product (or partners, for blocs) may fall short of the published total before a period is incomplete; UN Comtrade and the BNS differ by up to about 1 % in ordinary years',
      ),
  }),
  steps: [
    {
      name: 'trade inputs',
      run: async (ctx) => {
        const n = await ctx.db.value<number>(
          `SELECT count(*)::INTEGER FROM observations WHERE indicator IN ('exports', 'imports')`,
        );
        if (n === 0)
          throw new InputError(
            'trade needs exports or imports figures (tidy CSV: indicator exports or imports, region = the Republic, partner ISO code, optional product HS); the inputs have none',
          );
        await loadTradeRegistry(ctx);
      },
    },
    ...sqlModels(import.meta.url, {
      inputs: ['observations', 'countries', 'bloc_definitions', 'bloc_members_raw', 'hs_processing'],
    }),
  ],
  reads: [registryFiles.definitions, registryFiles.blocs, registryFiles.processing],
});
