import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type ComputeContext, InputError } from '../../src/index.ts';

/**
 * The innovation rating as a composite indicator (issue 17; docs/methods-composite.md):
 * the parameters of treatment, normalisation, weighting, aggregation and the
 * uncertainty analysis, and the refusals SQL cannot word well. The formulas are
 * in pipelines/innovation/models/rating_treatment.sql, rating_inputs.sql, macros.sql,
 * rating_scores.sql and rating_uncertainty.sql.
 */

const positive = z.number().positive();

/**
 * A weights file: a CSV of `name,weight` rows, name an indicator or a group.
 * Read when the parameter is parsed, so that the weights themselves (not the
 * file's name) are the parameter the run records and its cache compares.
 */
function readWeightsFile(file: string, ctx: z.RefinementCtx): Record<string, number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      message: `cannot read the weights file ${file}: ${(e as Error).message}`,
    });
    return z.NEVER;
  }
  const lines = text.split(/\r?\n/);
  if (lines[0]?.replace(/^\uFEFF/, '').trim() !== 'name,weight') {
    ctx.addIssue({
      code: 'custom',
      message: `${file} row 1: expected the header 'name,weight', found '${lines[0] ?? ''}'`,
    });
    return z.NEVER;
  }
  const weights: Record<string, number> = {};
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const [name, weight, ...rest] = line.split(',').map((c) => c.trim());
    const w = Number(weight);
    if (!name || rest.length || weight === '' || !Number.isFinite(w) || w <= 0)
      ctx.addIssue({
        code: 'custom',
        message: `${file} row ${i + 2}: expected 'name,weight' with a positive weight, found '${line}'`,
      });
    else weights[name] = w;
  });
  return weights;
}

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a JSON object of name -> weight: ${(e as Error).message}` });
    return z.NEVER;
  }
}

/** Parameters of the composite steps; `names` are the indicators and groups a weight may be given for. */
export function compositeParams(names: string[]) {
  const weights = z.record(z.string(), positive).superRefine((w, ctx) => {
    const unknown = Object.keys(w).filter((k) => !names.includes(k));
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `no indicator or group named ${unknown.join(', ')} (one of: ${names.join(', ')})`,
      });
  });
  return {
    treatment: z
      .enum(['none', 'winsorise'])
      .default('none')
      .describe(
        "outlier treatment: figures as published (none), or COINr's winsorising procedure (winsorise)",
      ),
    winmax: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(5)
      .describe(
        'the most winsorising steps (each caps one more distinct value) before a log transform is used instead',
      ),
    skew_threshold: positive
      .default(2)
      .describe(
        'an indicator is treated when its absolute skewness exceeds this and its excess kurtosis exceeds kurtosis_threshold',
      ),
    kurtosis_threshold: z
      .number()
      .default(3.5)
      .describe('the excess kurtosis an indicator must exceed, besides skew_threshold, to be treated'),
    normalisation_method: z
      .enum(['minmax', 'zscore', 'rank', 'goalposts', 'distance_to_target'])
      .default('minmax')
      .describe('how each indicator is put on a common scale before the means'),
    goalposts: z
      .record(
        z.string(),
        z.tuple([z.number(), z.number()]).refine(([lo, hi]) => hi > lo, 'upper must exceed lower'),
      )
      .default({})
      .describe(
        'per indicator: [lower, upper], for normalisation_method=goalposts; every used indicator needs one',
      ),
    targets: z
      .record(z.string(), positive)
      .default({})
      .describe(
        'per indicator: its target, for normalisation_method=distance_to_target; every used indicator needs one',
      ),
    aggregation: z
      .enum(['arithmetic', 'geometric', 'harmonic'])
      .default('arithmetic')
      .describe("the mean of a group's normalised indicators, and of the groups"),
    uncertainty_draws: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(200)
      .describe('joint Monte Carlo draws of the uncertainty analysis'),
    uncertainty_seed: z
      .number()
      .int()
      .default(1)
      .describe('seed of the draws: the same seed gives the same draws, bit for bit'),
    weight_range: z
      .number()
      .min(0)
      .lt(1)
      .default(0.25)
      .describe('a draw multiplies each weight by a factor within 1 +/- this share'),
    weights: z
      .unknown()
      // a JSON object the command line hands over as text (it does so when the object fails the schema)
      .transform((v, ctx) =>
        typeof v !== 'string' ? v : v.trim().startsWith('{') ? parseJson(v, ctx) : readWeightsFile(v, ctx),
      )
      .pipe(weights)
      .default({})
      .meta({ accepts: 'object of name -> number > 0, or a CSV file' })
      .describe(
        'weight per indicator or group (name -> weight): a JSON object, or a CSV file with the header name,weight; an indicator not named weighs 1, a group not named weight_conditions or weight_activity',
      ),
  };
}

/** Goalposts or targets are declared for every indicator the chosen normalisation needs them for. */
export async function requireDeclarations(ctx: ComputeContext): Promise<void> {
  const method = ctx.params.normalisation_method;
  const [param, declared] =
    method === 'goalposts'
      ? ['goalposts', ctx.params.goalposts]
      : method === 'distance_to_target'
        ? ['targets', ctx.params.targets]
        : [null, null];
  if (!param) return;
  const used = await ctx.db.all<{ indicator: string }>(
    'SELECT DISTINCT indicator FROM rating_figures WHERE used ORDER BY indicator',
  );
  const missing = used.map((u) => u.indicator).filter((i) => !(i in (declared as object)));
  if (missing.length)
    throw new InputError(
      `normalisation_method=${method} needs the parameter ${param} for every indicator the rating uses; none for ${missing.join(', ')} (e.g. --param '${param}={"${missing[0]}":${param === 'goalposts' ? '[0,100]' : '50'}}')`,
    );
}

/** A geometric or harmonic mean is undefined at zero and below: say where, rather than publish NaN. */
export async function refuseNonPositive(ctx: ComputeContext): Promise<void> {
  const aggregation = ctx.params.aggregation;
  if (aggregation === 'arithmetic') return;
  const bad = await ctx.db.all<{ region: string; year: number; indicator: string; normalised: number }>(`
    SELECT coalesce(r.name_en, i.region_kato) || ' (' || i.region_kato || ')' AS region, i.year, i.indicator, i.normalised
    FROM rating_inputs i LEFT JOIN regions r ON r.kato = i.region_kato
    WHERE i.normalised <= 0 ORDER BY i.year, i.indicator, i.region_kato LIMIT 5`);
  if (bad.length)
    throw new InputError(
      `aggregation=${aggregation} needs normalised values above 0, but ${bad
        .map((b) => `${b.region} ${b.year} ${b.indicator} is ${b.normalised}`)
        .join(
          '; ',
        )}${bad.length === 5 ? ' (and maybe more)' : ''}; choose normalisation_method=rank or distance_to_target, goalposts that keep every value above the lower one, or aggregation=arithmetic`,
    );
}
