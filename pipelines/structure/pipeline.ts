import { z } from 'zod';
import {
  type ComputeContext,
  definePipeline,
  InputError,
  SingularError,
  sqlModels,
  withinRegression,
} from '../../src/index.ts';

/**
 * Structure of the regional economies (docs/methods.md section 2;
 * Taskarayeva et al. 2023 and Kokenova et al. 2020): location quotients and
 * the specialisation indices built on them, related and unrelated variety,
 * cluster candidates, GRP per capita, shares of GDP and contributions to its
 * growth, regional inequality and convergence, enterprise demography, and
 * the diversification-resilience fixed-effects regression of Taskarayeva et
 * al. 2023. Each index is one SQL file under models/ whose header gives its
 * formula, source and edge cases.
 */

/** The resilience regressions of Taskarayeva et al. 2023, table 1, as far as the data go. */
const resilienceModels = [
  { model: 'entropy', x: ['entropy'] },
  { model: 'entropy + ln_population', x: ['entropy', 'ln_population'] },
  { model: 'hhi + ln_population', x: ['hhi', 'ln_population'] },
  { model: 'related_variety + ln_population', x: ['related_variety', 'ln_population'] },
  { model: 'unrelated_variety + ln_population', x: ['unrelated_variety', 'ln_population'] },
];

async function estimateResilience(ctx: ComputeContext): Promise<void> {
  const { db } = ctx;
  const timeEffects = ctx.params.panel_time_effects === true;
  await db.run(`CREATE OR REPLACE TABLE resilience_panel (
    model VARCHAR, term VARCHAR, coefficient DOUBLE, std_error DOUBLE, t_stat DOUBLE, dependent VARCHAR,
    n_obs INTEGER, n_entities INTEGER, n_periods INTEGER, df_resid INTEGER, within_r2 DOUBLE,
    time_effects BOOLEAN, first_year INTEGER, last_year INTEGER)`);
  if ((await db.value<number>('SELECT count(*)::INTEGER FROM resilience_panel_data')) === 0) {
    ctx.warn(
      'resilience models not estimated: no region-year has both GRP per capita and a section breakdown of gross value added',
    );
    return;
  }
  for (const m of resilienceModels) {
    const available = `(SELECT * FROM resilience_panel_data WHERE ${m.x.map((c) => `${c} IS NOT NULL`).join(' AND ')})`;
    const span = await db.one<{ first: number | null; last: number | null; n: number }>(
      `SELECT min(year) AS first, max(year) AS last, count(*)::INTEGER AS n FROM ${available}`,
    );
    if (!span?.n) {
      ctx.note(`Resilience model ${m.model} not estimated: the inputs give no ${m.x[0]} to estimate it on.`);
      continue;
    }
    try {
      const r = await withinRegression(db, {
        relation: 'resilience_panel_data',
        entity: 'entity',
        time: 'year',
        y: 'ln_grp_per_capita',
        x: m.x,
        timeEffects,
      });
      for (const t of r.terms)
        await db.run(
          `INSERT INTO resilience_panel VALUES ($model, $term, $b, $se, $t, $y, $n, $entities, $periods, $df, $r2, $te, $first, $last)`,
          {
            model: m.model,
            term: t.term,
            b: t.coefficient,
            se: t.std_error,
            t: t.t,
            y: r.y,
            n: r.n,
            entities: r.entities,
            periods: r.periods,
            df: r.df_resid,
            r2: r.within_r2,
            te: timeEffects,
            first: span?.first ?? null,
            last: span?.last ?? null,
          },
        );
      const main = r.terms[0]!;
      ctx.note(
        `Resilience panel (Taskarayeva et al. 2023, table 1), ln GRP per capita on ${m.model}${timeEffects ? ' with year effects' : ''}: ${main.term} ${main.coefficient.toPrecision(4)} (s.e. ${main.std_error.toPrecision(3)}), N = ${r.n}, ${r.entities} regions, within R² ${r.within_r2?.toFixed(3) ?? 'n/a'}.`,
      );
    } catch (e) {
      if (!(e instanceof SingularError)) throw e;
      ctx.warn(`resilience model ${m.model} not estimated: ${e.message}`);
    }
  }
}

/** Nothing to compute without gross value added or GRP: refuse rather than publish empty tables. */
async function requireStructureInputs(ctx: ComputeContext): Promise<void> {
  const n = await ctx.db.value<number>(
    `SELECT count(*)::INTEGER FROM observations WHERE indicator IN ('gva', 'grp') AND value IS NOT NULL`,
  );
  if (n === 0)
    throw new InputError(
      "structure: the inputs have no gross value added (gva) or GRP (grp); give at least one, e.g. a tidy CSV with rows 'gva,Akmola Region,2022,656813.1,million tenge,,A' (columns indicator,region,period,value,unit,status,industry)",
    );
}

/** What the run report and the dataset description should say about what was and was not computed. */
async function explain(ctx: ComputeContext): Promise<void> {
  for (const r of await ctx.query<{ years: string; sections: string }>('report/gva_coverage_short.sql'))
    ctx.warn(
      `gva: no industry indices (location quotients and all built on them) for ${r.years}: the Republic's sections (${r.sections}) cover less than ${ctx.params.min_gva_coverage_pct} % of GDP, so an aggregate stands in for missing sections`,
    );
  const placeholders = await ctx.query<{ region: string; years: string; n: number; sections: string }>(
    'report/gva_placeholders.sql',
  );
  for (const p of placeholders)
    ctx.warn(
      `gva: ${p.n} zero${p.n === 1 ? '' : 's'} of ${p.region} in ${p.years} (section${p.sections.includes(',') ? 's' : ''} ${p.sections}) ${p.n === 1 ? 'is a placeholder' : 'are placeholders'} for sections the Republic does not publish in those years; read as missing, not as 0`,
    );
  const unknown = await ctx.query<{ year: number; national: string | null; regional: number }>(
    'report/lq_cells_unknown.sql',
  );
  for (const u of unknown)
    ctx.warn(
      `gva ${u.year}: ${[
        u.national
          ? `the Republic's section${u.national.includes(',') ? 's' : ''} ${u.national} left out of every region's shares`
          : '',
        u.regional
          ? `${u.regional} regional cell${u.regional === 1 ? '' : 's'} without a figure (confidential or not available) left out of that region's shares`
          : '',
      ]
        .filter(Boolean)
        .join(
          '; ',
        )}: location quotients and specialisation are over the sections with a figure on both sides (specialisation.excluded_industries)`,
    );
  const noPopulation = await ctx.query<{ years: string; regions: number }>(
    'report/grp_without_population.sql',
  );
  if (noPopulation.length)
    ctx.note(
      `GRP per capita is NULL where no population exists on the GRP's borders: ${noPopulation
        .map((p) => `${p.years} (${p.regions} regions)`)
        .join(', ')}.`,
    );
  const [real] = await ctx.query<{ n: number }>('report/real_contributions.sql');
  if (real?.n === 0)
    ctx.note(
      'Contributions to growth are nominal only: real contributions need grp_volume_index (previous year = 100), which the inputs do not have.',
    );
}

export default definePipeline({
  name: 'structure',
  title: 'Structure, specialisation, clusters and GRP per capita of the regions of Kazakhstan',
  description:
    'Indices of the sectoral structure of the regional economies computed from official BNS statistics (docs/methods.md section 2; Taskarayeva et al. 2023 and Kokenova et al. 2020): location quotients by OKED section, specialisation (LQ variance, HHI, Krugman, Hachman, Shannon entropy), related and unrelated variety, cluster candidates, GRP per capita on consistent borders with ranks, shares of GDP, contributions to GDP growth, regional inequality (CV, Theil, MLD, Gini, Williamson, sigma) and beta-convergence, enterprise demography and the diversification-resilience fixed-effects regression. Every row says which regional borders it refers to; a parent region and its successors are never added together.',
  dataset: 'structure',
  indicators: {
    required: [],
    optional: [
      'gva',
      'grp',
      'population_avg',
      'population',
      'grp_volume_index',
      'grp_per_capita',
      'organisations_registered',
      'organisations_opened',
      'organisations_liquidated',
    ],
  },
  params: z.object({
    min_gva_coverage_pct: z
      .number()
      .min(0)
      .max(100)
      .default(85)
      .describe(
        "the least share of GDP the Republic's sections must cover in a year for the industry indices (location quotients and all built on them) of that year",
      ),
    cluster_lq_min: z
      .number()
      .positive()
      .default(1.25)
      .describe('the least location quotient of a cluster candidate'),
    cluster_share_min_pct: z
      .number()
      .min(0)
      .max(100)
      .default(5)
      .describe("the least share, in percent, of the section's national value a cluster candidate holds"),
    trend_years: z
      .number()
      .int()
      .min(2)
      .default(5)
      .describe(
        "the years up to and including a candidate's year over which the trend of its location quotient is fitted",
      ),
    beta_from: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe('first year of beta convergence; null: the first year with GRP per capita'),
    beta_to: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe('last year of beta convergence; null: the last year with GRP per capita'),
    panel_time_effects: z
      .boolean()
      .default(true)
      .describe('whether the fixed-effects resilience panel has year effects besides the region effects'),
  }),
  steps: [
    { name: 'structure_inputs', run: requireStructureInputs },
    ...sqlModels(import.meta.url, {
      inputs: ['observations', 'indicators', 'regions', 'territory_pieces', 'boundary_vintages'],
    }),
    { name: 'resilience_panel', run: estimateResilience },
    { name: 'structure', run: explain },
  ],
  reads: ['pipelines/structure/report'],
});
