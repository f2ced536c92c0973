import { z } from 'zod';
import { type ComputeContext, definePipeline, InputError, sqlModels } from '../../src/index.ts';
import { compositeParams, refuseNonPositive, requireDeclarations } from './composite.ts';

/**
 * Innovation (Kireeva; docs/methods.md section 1): R&D dynamics against a base
 * year, the regional innovation development rating A..D with the European
 * Regional Innovation Scoreboard's performance groups beside it, and the
 * efficiency of R&D spending. The economics is in models/; the
 * TypeScript here only checks that there is something to rate and says in
 * the run report which indicators each year's rating could use.
 */

const conditions = ['rd_organisations', 'researchers_per_million', 'rd_expenditure_pct_grp'];
const activity = [
  'innovation_active_enterprises_pct',
  'innovative_products_pct_grp',
  // the activity group's expenditure measure: up to the 2021 survey, and from the 2022 survey on
  'tech_innovation_expenditure_pct_grp',
  'innovation_expenditure_pct_grp',
];
/** money: R&D efficiency, and shares of GRP where a source publishes the money only (the bulletins) */
const money = ['innovative_products', 'rd_expenditure', 'innovation_expenditure'];
/** the survey populations behind the ratios, for rd_dynamics */
const counts = ['enterprises_surveyed', 'enterprises_with_innovations', 'rd_personnel', 'rd_researchers'];
const all = [...conditions, ...activity, ...money, ...counts];

const percent = z.number().min(0);
const params = z
  .object({
    normalisation: z
      .enum(['per_year', 'pooled'])
      .default('per_year')
      .describe(
        'the regions an indicator is normalised across: those of one year (per_year), or those of all years (pooled, the Regional Innovation Scoreboard practice), so that scores compare over time',
      ),
    weight_conditions: z
      .number()
      .positive()
      .default(0.5)
      .describe('weight of the conditions group (R&D) in the score'),
    weight_activity: z
      .number()
      .positive()
      .default(0.5)
      .describe('weight of the activity group (innovation) in the score'),
    min_group_coverage: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe(
        "a region with fewer than this share of a group's indicators gets no group score, so no score",
      ),
    threshold_high: z.number().default(80).describe('the lowest score assessed high (class A)'),
    threshold_above_medium: z
      .number()
      .default(60)
      .describe('the lowest score assessed above medium (class B)'),
    threshold_medium: z.number().default(40).describe('the lowest score assessed medium (class B)'),
    threshold_low: z
      .number()
      .default(20)
      .describe('the lowest score assessed low (class C); below it, very low (class D)'),
    eris_leader: percent
      .default(125)
      .describe(
        "Regional Innovation Scoreboard group: a score above this percent of the year's mean is a leader",
      ),
    eris_strong: percent
      .default(100)
      .describe("a score from this percent of the year's mean up to eris_leader is strong"),
    eris_moderate: percent
      .default(70)
      .describe(
        "a score from this percent of the year's mean up to eris_strong is moderate; below it, emerging",
      ),
    base_year: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe('base year of rd_dynamics; null: the first year each indicator has a value'),
    ...compositeParams([...conditions, ...activity, 'conditions', 'activity']),
  })
  .refine(
    (p) =>
      p.threshold_high > p.threshold_above_medium &&
      p.threshold_above_medium > p.threshold_medium &&
      p.threshold_medium > p.threshold_low,
    {
      message:
        'thresholds must decrease: threshold_high > threshold_above_medium > threshold_medium > threshold_low',
    },
  )
  .refine((p) => p.eris_leader >= p.eris_strong && p.eris_strong >= p.eris_moderate, {
    message: 'ERIS bounds must decrease: eris_leader >= eris_strong >= eris_moderate',
  });

/** Consecutive years with the same text, as "2010-2013: text". */
function byYearRanges(rows: { year: number; text: string }[]): string[] {
  const out: { from: number; to: number; text: string }[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last && last.text === r.text && last.to === r.year - 1) last.to = r.year;
    else out.push({ from: r.year, to: r.year, text: r.text });
  }
  return out.map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`}: ${r.text}`);
}

async function requireSomethingToRate(ctx: ComputeContext): Promise<void> {
  const list = all.map((i) => `'${i}'`).join(', ');
  const n = await ctx.db.value<number>(
    `SELECT count(*)::INTEGER FROM observations WHERE indicator IN (${list}) AND value IS NOT NULL`,
  );
  if (n === 0)
    throw new InputError(
      `innovation: the inputs have no value of any of its indicators (${all.join(', ')}); give at least one, e.g. a tidy CSV with rows 'rd_organisations,Akmola Region,2013,12,count'`,
    );
}

/** The run report's account of what the rating could and could not use. */
async function report(ctx: ComputeContext): Promise<void> {
  await reportIndicatorsUsed(ctx);
  await reportUnscoredRegions(ctx);
  await reportInputsNotUsed(ctx);
  await reportMissingBaseYear(ctx);
}

/** Which indicators each year's rating could use, and which group was not in the inputs at all. */
async function reportIndicatorsUsed(ctx: ComputeContext): Promise<void> {
  const years = await ctx.query<{ year: number; used: string | null; unpublished: string | null }>(
    'report/indicators_used.sql',
  );
  const lines = byYearRanges(
    years.map((y) => ({
      year: y.year,
      text:
        `${y.used ?? 'no indicator'}` +
        (y.unpublished
          ? `; the ${y.unpublished} group${y.unpublished.includes(' and ') ? 's are' : ' is'} not in the inputs` +
            (y.unpublished.includes(' and ') ? '' : `, so scores are partial (the other group's score)`)
          : ''),
    })),
  );
  if (lines.length) {
    const text = `Indicators the innovation rating used, by year: ${lines.join('. ')}.`;
    ctx.warn(text);
    ctx.note(text);
  }
}

/** Regions without a score, by year, each with the reason. */
async function reportUnscoredRegions(ctx: ComputeContext): Promise<void> {
  const unscored = await ctx.query<{ year: number; n: number; of: number; which: string }>(
    'report/unscored_regions.sql',
  );
  for (const u of unscored)
    ctx.warn(`innovation_rating ${u.year}: ${u.n} of ${u.of} regions have no score: ${u.which}`);
}

/** Figures in the inputs the rating did not use (another boundary vintage, say), with the reason. */
async function reportInputsNotUsed(ctx: ComputeContext): Promise<void> {
  const otherLand = await ctx.query<{ year: number; indicator: string; regions: string; why: string }>(
    'report/inputs_not_used.sql',
  );
  for (const o of otherLand)
    ctx.warn(`innovation_rating ${o.year}: ${o.indicator} of ${o.regions} not used: ${o.why}`);
}

/** rd_dynamics figures without a comparable base-year figure to be a percentage of. */
async function reportMissingBaseYear(ctx: ComputeContext): Promise<void> {
  const noBase = await ctx.query<{ indicator: string; base_year: number; n: number; regions: string }>(
    'report/missing_base_year.sql',
  );
  for (const b of noBase)
    ctx.warn(
      `rd_dynamics ${b.indicator} (base ${b.base_year}): ${b.n} figures have no pct_of_base (no comparable base-year figure): ${b.regions}`,
    );
}

/** Which shares of GRP were computed from money figures, and where a published share was preferred. */
async function reportShares(ctx: ComputeContext): Promise<void> {
  const computed = await ctx.query<{ indicator: string; year: number; n: number }>(
    'report/shares_computed.sql',
  );
  if (computed.length) {
    const text = `Shares of GRP computed from the money figures and the regional GRP of the same year and borders (table grp_shares), where no source publishes them: ${computed.map((c) => `${c.indicator} ${c.year} (${c.n} region${c.n === 1 ? '' : 's'})`).join(', ')}.`;
    ctx.warn(text);
    ctx.note(text);
  }
  const noGrp = await ctx.query<{ indicator: string; year: number; regions: string; reason: string }>(
    'report/shares_without_grp.sql',
  );
  for (const g of noGrp)
    ctx.warn(`grp_shares ${g.indicator} ${g.year}: no share for ${g.regions}: ${g.reason}`);
  const apart = await ctx.query<{ indicator: string; year: number; which: string }>(
    'report/shares_apart.sql',
  );
  for (const a of apart)
    ctx.warn(
      `grp_shares ${a.indicator} ${a.year}: the share computed from the money figure and GRP differs from the published one by more than its rounding (the published one is used): ${a.which}`,
    );
}

/**
 * The activity group's expenditure measure changed with the BNS's 2022 survey (rating_indicators.sql):
 * say so wherever the rating reaches into the years after the change.
 */
async function reportBreak(ctx: ComputeContext): Promise<void> {
  const measures = await ctx.query<{ measure: string; years: string }>('report/expenditure_measures.sql');
  if (!measures.some((m) => m.measure === 'innovation_expenditure_pct_grp')) return;
  const text =
    "Break in the series: the activity group's expenditure measure is tech_innovation_expenditure_pct_grp " +
    "(expenditure on technological innovation, the BNS's measure up to the 2021 survey) up to 2021 and " +
    'innovation_expenditure_pct_grp (expenditure on innovation, product and business-process, its measure from ' +
    'the 2022 survey) from 2022; the two are not the same quantity, so activity and total scores before 2022 do ' +
    `not compare with those after it (column expenditure_measure; rating years ${measures.map((m) => `${m.years}: ${m.measure}`).join(', ')}).`;
  ctx.warn(text);
  ctx.note(text);
}

export default definePipeline({
  name: 'innovation',
  title: 'Innovation in the regions of Kazakhstan',
  description:
    "Regional innovation after Kireeva's paper on the differentiated mechanisms of industrial-innovation " +
    "development of Kazakhstan's regions: `rd_dynamics` (each indicator against a base year, its table 1), " +
    '`innovation_rating` (min-max normalised indicators in two groups, conditions and activity; score 0-100, ' +
    'assessment, class A..D, rank, and the European Regional Innovation Scoreboard group against the year mean; ' +
    'its table 2), `rating_inputs` (every figure the rating considered, whether it was used and its normalised ' +
    'value), `rating_uncertainty` and `rating_sensitivity` (each rank under seeded draws of the normalisation, ' +
    'aggregation, weights and an indicator left out, and how much each of these moves ranks), `grp_shares` (innovative products, expenditure on innovation and on R&D as % of GRP, computed from ' +
    'the money figures where a source publishes no share) and `rd_efficiency` (share of innovative products over ' +
    'share of R&D expenditure). The activity group measures expenditure on technological innovation up to 2021 ' +
    'and expenditure on innovation (product and business-process) from 2022, as the BNS changed its survey: a ' +
    'break in the series, recorded in `expenditure_measure`. Parameters (weights, normalisation, thresholds, base ' +
    'year) are in kzstat.parameters. Missing figures are never imputed: a row without a score says why, and a ' +
    'year in which a whole group is unpublished is marked partial.',
  dataset: 'innovation',
  // All optional: a user feeding some of the indicators still gets what docs/methods.md allows from them.
  // GRP only as the denominator of the shares the bulletins do not publish (grp_shares.sql).
  indicators: { required: [], optional: [...all, 'grp'] },
  params,
  steps: [
    { name: 'innovation_inputs', run: requireSomethingToRate },
    ...sqlModels(import.meta.url, { inputs: ['observations', 'regions'] }),
    // after the SQL, which leaves what they refuse NULL: the run stops before anything is published
    { name: 'normalisation_declarations', run: requireDeclarations },
    { name: 'aggregation_input', run: refuseNonPositive },
    { name: 'innovation', run: report },
    { name: 'grp_shares_report', run: reportShares },
    { name: 'expenditure_break', run: reportBreak },
  ],
  reads: ['pipelines/innovation/report'],
});
