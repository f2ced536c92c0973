import { z } from 'zod';
import { InputError } from '../src/engine/errors.ts';
import { type ComputeContext, definePipeline } from '../src/engine/pipeline.ts';

/**
 * Innovation (seed 002, METHODS.md section 1): R&D dynamics against a base
 * year, the regional innovation development rating A..D with the European
 * Regional Innovation Scoreboard's performance groups beside it, and the
 * efficiency of R&D spending. The economics is in sql/innovation/; the
 * TypeScript here only checks that there is something to rate and says in
 * the run report which indicators each year's rating could use.
 */

const conditions = ['rd_organisations', 'researchers_per_million', 'rd_expenditure_pct_grp'];
const activity = [
  'innovation_active_enterprises_pct',
  'innovative_products_pct_grp',
  'tech_innovation_expenditure_pct_grp',
];
const efficiencyInputs = ['innovative_products', 'rd_expenditure'];
const all = [...conditions, ...activity, ...efficiencyInputs];

const percent = z.number().min(0);
const params = z
  .object({
    /** per_year: min and max across the regions of one year; pooled: across all years (RIS practice) */
    normalisation: z.enum(['per_year', 'pooled']).default('per_year'),
    weight_conditions: z.number().positive().default(0.5),
    weight_activity: z.number().positive().default(0.5),
    /** a region with fewer than this share of a group's indicators gets no score */
    min_group_coverage: z.number().gt(0).max(1).default(0.5),
    threshold_high: z.number().default(80),
    threshold_above_medium: z.number().default(60),
    threshold_medium: z.number().default(40),
    threshold_low: z.number().default(20),
    /** RIS groups, percent of the year's mean score */
    eris_leader: percent.default(125),
    eris_strong: percent.default(100),
    eris_moderate: percent.default(70),
    /** null: the first year the indicator has a value */
    base_year: z.number().int().nullable().default(null),
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

async function report(ctx: ComputeContext): Promise<void> {
  const years = await ctx.db.all<{ year: number; used: string | null; unpublished: string | null }>(`
    WITH p AS (
      SELECT y.year, ri.indicator, ri.position, ri."group", bool_or(coalesce(i.used, false)) AS used
      FROM (SELECT DISTINCT year FROM rating_inputs) y
      CROSS JOIN rating_indicators ri
      LEFT JOIN rating_inputs i ON i.year = y.year AND i.indicator = ri.indicator
      GROUP BY ALL)
    SELECT year,
           string_agg(indicator, ', ' ORDER BY position) FILTER (WHERE used) AS used,
           (SELECT string_agg(g, ' and ' ORDER BY g DESC) FROM (
              SELECT "group" AS g FROM p q WHERE q.year = p.year GROUP BY "group" HAVING NOT bool_or(used))) AS unpublished
    FROM p GROUP BY year ORDER BY year`);
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

  const unscored = await ctx.db.all<{ year: number; n: number; of: number; which: string }>(`
    WITH y AS (
      SELECT year, count(*) FILTER (WHERE score IS NULL)::INTEGER AS n, count(*)::INTEGER AS of
      FROM innovation_rating GROUP BY year),
    w AS (
      SELECT year, reason, string_agg(coalesce(region_name, region_kato), ', ' ORDER BY region_kato) AS regions
      FROM innovation_rating WHERE score IS NULL GROUP BY year, reason)
    SELECT y.year, y.n, y.of, string_agg(w.regions || ' (' || w.reason || ')', '; ' ORDER BY w.reason) AS which
    FROM y JOIN w ON w.year = y.year GROUP BY ALL ORDER BY y.year`);
  for (const u of unscored)
    ctx.warn(`innovation_rating ${u.year}: ${u.n} of ${u.of} regions have no score: ${u.which}`);

  const otherLand = await ctx.db.all<{ year: number; indicator: string; regions: string; why: string }>(`
    SELECT i.year, i.indicator, string_agg(coalesce(r.name_en, i.region_kato), ', ' ORDER BY i.region_kato) AS regions,
           any_value(i.reason) AS why
    FROM rating_inputs i LEFT JOIN regions r ON r.kato = i.region_kato
    WHERE i.value IS NOT NULL AND NOT i.used
    GROUP BY i.year, i.indicator, i.boundary_vintage ORDER BY ALL`);
  for (const o of otherLand)
    ctx.warn(`innovation_rating ${o.year}: ${o.indicator} of ${o.regions} not used: ${o.why}`);

  const noBase = await ctx.db.all<{ indicator: string; base_year: number; n: number; regions: string }>(`
    SELECT indicator, base_year, count(*)::INTEGER AS n,
           string_agg(DISTINCT coalesce(r.name_en, d.region_kato), ', ' ORDER BY coalesce(r.name_en, d.region_kato)) AS regions
    FROM rd_dynamics d LEFT JOIN regions r ON r.kato = d.region_kato
    WHERE pct_of_base IS NULL AND value IS NOT NULL GROUP BY ALL ORDER BY ALL`);
  for (const b of noBase)
    ctx.warn(
      `rd_dynamics ${b.indicator} (base ${b.base_year}): ${b.n} figures have no pct_of_base (no comparable base-year figure): ${b.regions}`,
    );

  const present = await ctx.db.all<{ indicator: string }>(
    `SELECT DISTINCT indicator FROM observations WHERE indicator IN ('innovative_products', 'rd_expenditure') AND value IS NOT NULL`,
  );
  const missing = efficiencyInputs.filter((i) => !present.some((p) => p.indicator === i));
  if (missing.length) {
    const text = `rd_efficiency has no rows: the inputs have no ${missing.join(' and no ')} (money), which it needs.`;
    ctx.warn(text);
    ctx.note(text);
  }
}

export default definePipeline({
  name: 'innovation',
  title: 'Innovation in the regions of Kazakhstan (seed 002)',
  description:
    'Regional innovation after Kireeva (seed 002): `rd_dynamics` (each indicator against a base year, table 1), ' +
    '`innovation_rating` (min-max normalised indicators in two groups, conditions and activity; score 0-100, ' +
    'assessment, class A..D, rank, and the European Regional Innovation Scoreboard group against the year mean; ' +
    'table 2), `rating_inputs` (every figure the rating considered, whether it was used and its normalised value) ' +
    'and `rd_efficiency` (share of innovative products over share of R&D expenditure). Parameters (weights, ' +
    'normalisation, thresholds, base year) are in kzstat.parameters. Missing figures are never imputed: a row ' +
    'without a score says why, and a year in which a whole group is unpublished is marked partial.',
  dataset: 'innovation',
  // All optional: a user feeding some of the indicators still gets what METHODS.md allows from them.
  indicators: { required: [], optional: all },
  params,
  steps: [
    { name: 'innovation_inputs', run: requireSomethingToRate },
    { sql: 'sql/innovation/macros.sql' },
    { sql: 'sql/innovation/rating_indicators.sql' },
    { sql: 'sql/innovation/rating_inputs.sql' },
    { sql: 'sql/innovation/rating_scores.sql' },
    { sql: 'sql/innovation/innovation_rating.sql' },
    { sql: 'sql/innovation/rd_dynamics.sql' },
    { sql: 'sql/innovation/rd_efficiency.sql' },
    { name: 'innovation', run: report },
  ],
  tables: [
    {
      name: 'rd_dynamics',
      title: 'Indicators against a base year',
      description:
        'pct_of_base = value / base_value * 100 (seed 002, table 1: "2013 to 2009, %"). NULL with a reason where the base-year figure is missing, unpublished, zero or on other borders.',
      primaryKey: ['indicator', 'region_kato', 'base_year', 'year'],
      columns: [
        { name: 'indicator', type: 'string', required: true, description: 'indicator id (catalogue)' },
        {
          name: 'region_kato',
          type: 'string',
          required: true,
          description: "9-digit KATO code; '000000000' is the Republic",
        },
        {
          name: 'base_year',
          type: 'int32',
          required: true,
          description: 'the base year (parameter base_year, else the first year with a value)',
        },
        { name: 'year', type: 'int32', required: true, description: 'the year compared with the base' },
        { name: 'value', type: 'double', description: 'the figure in `year`, in `unit`' },
        { name: 'base_value', type: 'double', description: 'the figure in `base_year`, in `unit`' },
        {
          name: 'pct_of_base',
          type: 'double',
          unit: 'percent',
          description: 'value / base_value * 100; NULL with a reason when it cannot be given',
        },
        { name: 'unit', type: 'string', required: true, description: 'catalogue unit of the indicator' },
        {
          name: 'boundary_vintage',
          type: 'string',
          required: true,
          description: 'borders the figure of `year` refers to (1997, 2018, 2022)',
        },
        {
          name: 'base_boundary_vintage',
          type: 'string',
          description: 'borders the base-year figure refers to',
        },
        { name: 'reason', type: 'string', description: 'why pct_of_base is NULL' },
      ],
    },
    {
      name: 'innovation_rating',
      title: 'Regional innovation development rating A..D',
      description:
        'Score 0-100 = weighted mean of the conditions and activity group scores (means of min-max normalised indicators); assessment and class from the score, rank within the year (ties share a rank), and the European Regional Innovation Scoreboard group against the year mean (seed 002, table 2; METHODS.md 1.2).',
      primaryKey: ['region_kato', 'year'],
      columns: [
        {
          name: 'region_kato',
          type: 'string',
          required: true,
          description: '9-digit KATO code of the region',
        },
        { name: 'region_name', type: 'string', description: 'English name of the region (registry)' },
        { name: 'year', type: 'int32', required: true, description: 'year rated' },
        {
          name: 'boundary_vintage',
          type: 'string',
          required: true,
          description: "the borders of the year's rating: the newest vintage any of its figures is on",
        },
        {
          name: 'score',
          type: 'double',
          description: 'composite score 0-100; NULL with a reason when the coverage rule forbids one',
        },
        {
          name: 'assessment',
          type: 'string',
          description: 'high, above medium, medium, low, very low (thresholds 80/60/40/20 by default)',
        },
        {
          name: 'class',
          type: 'string',
          description: 'A (high), B (above medium, medium), C (low), D (very low)',
        },
        {
          name: 'rank',
          type: 'int32',
          description: 'rank within the year by score, 1 = best; ties share a rank',
        },
        {
          name: 'conditions_score',
          type: 'double',
          description:
            'susceptibility to innovation: mean of the normalised rd_organisations, researchers_per_million, rd_expenditure_pct_grp present',
        },
        {
          name: 'activity_score',
          type: 'double',
          description:
            'innovation activity: mean of the normalised innovation_active_enterprises_pct, innovative_products_pct_grp, tech_innovation_expenditure_pct_grp present',
        },
        {
          name: 'conditions_indicators',
          type: 'int32',
          required: true,
          description: 'how many of the 3 conditions indicators the region has this year',
        },
        {
          name: 'activity_indicators',
          type: 'int32',
          required: true,
          description: 'how many of the 3 activity indicators the region has this year',
        },
        {
          name: 'coverage',
          type: 'double',
          required: true,
          unit: 'percent',
          description: 'indicators present / the 6 of the rating * 100',
        },
        { name: 'indicators_used', type: 'string', description: 'the indicators the score rests on' },
        {
          name: 'partial',
          type: 'bool',
          required: true,
          description: 'true when a whole group is unpublished this year and the score is the other group’s',
        },
        {
          name: 'missing_group',
          type: 'string',
          description: "the unpublished group: 'conditions' or 'activity'",
        },
        {
          name: 'reason',
          type: 'string',
          description: 'why there is no score (coverage rule), group by group',
        },
        {
          name: 'relative_to_average',
          type: 'double',
          unit: 'percent',
          description: 'score / mean score of the year’s scored regions * 100',
        },
        {
          name: 'eris_group',
          type: 'string',
          description:
            'Regional Innovation Scoreboard group: leader (> 125 % of the mean), strong (100-125 %), moderate (70-100 %), emerging (< 70 %)',
        },
      ],
    },
    {
      name: 'rating_inputs',
      title: 'Figures the rating considered',
      description:
        'Every figure of a rating indicator for a region and year: whether the rating used it (or why not) and its min-max normalised value.',
      primaryKey: ['region_kato', 'year', 'indicator'],
      columns: [
        {
          name: 'region_kato',
          type: 'string',
          required: true,
          description: '9-digit KATO code of the region',
        },
        { name: 'year', type: 'int32', required: true, description: 'year' },
        { name: 'indicator', type: 'string', required: true, description: 'indicator id (catalogue)' },
        { name: 'group', type: 'string', required: true, description: "'conditions' or 'activity'" },
        { name: 'value', type: 'double', description: 'the figure as published, in `unit`' },
        { name: 'status', type: 'string', description: 'status of an unpublished figure (x, -, na)' },
        { name: 'unit', type: 'string', required: true, description: 'catalogue unit' },
        {
          name: 'boundary_vintage',
          type: 'string',
          required: true,
          description: 'borders the figure refers to',
        },
        {
          name: 'rating_vintage',
          type: 'string',
          required: true,
          description: "borders of the year's rating",
        },
        { name: 'used', type: 'bool', required: true, description: 'whether the rating used the figure' },
        {
          name: 'norm_min',
          type: 'double',
          description: 'minimum of the used figures (the year, or all years when pooled)',
        },
        {
          name: 'norm_max',
          type: 'double',
          description: 'maximum of the used figures (the year, or all years when pooled)',
        },
        {
          name: 'normalised',
          type: 'double',
          description: '(value - norm_min) / (norm_max - norm_min) * 100; 50 when norm_max = norm_min',
        },
        { name: 'reason', type: 'string', description: 'why the figure is not used' },
        { name: 'source', type: 'string', required: true, description: 'raw file and row or cell' },
      ],
    },
    {
      name: 'rd_efficiency',
      title: 'Efficiency of R&D spending',
      description:
        'efficiency = share of the country’s innovative products / share of its R&D expenditure (seed 002; METHODS.md 1.3), where both figures exist.',
      primaryKey: ['region_kato', 'year'],
      columns: [
        {
          name: 'region_kato',
          type: 'string',
          required: true,
          description: '9-digit KATO code of the region',
        },
        { name: 'year', type: 'int32', required: true, description: 'year' },
        {
          name: 'boundary_vintage',
          type: 'string',
          required: true,
          description: 'borders of the innovative products figure',
        },
        {
          name: 'innovative_products',
          type: 'double',
          description: 'innovative goods and services, in `unit`',
        },
        { name: 'rd_expenditure', type: 'double', description: 'internal R&D expenditure, in `unit`' },
        { name: 'unit', type: 'string', required: true, description: 'unit of both money figures' },
        {
          name: 'innovative_products_total',
          type: 'double',
          description: 'national total used for the share',
        },
        { name: 'rd_expenditure_total', type: 'double', description: 'national total used for the share' },
        {
          name: 'innovative_products_total_derived',
          type: 'bool',
          description: 'true when the total is the sum of the regions (no Republic row)',
        },
        {
          name: 'rd_expenditure_total_derived',
          type: 'bool',
          description: 'true when the total is the sum of the regions (no Republic row)',
        },
        {
          name: 'share_innovative_products',
          type: 'double',
          unit: 'percent',
          description: 'region / national innovative products * 100',
        },
        {
          name: 'share_rd_expenditure',
          type: 'double',
          unit: 'percent',
          description: 'region / national R&D expenditure * 100',
        },
        {
          name: 'efficiency',
          type: 'double',
          description: 'share_innovative_products / share_rd_expenditure (ratio; 1 = proportional)',
        },
        { name: 'reason', type: 'string', description: 'why efficiency is NULL' },
      ],
    },
  ],
  checks: [],
});
