import { z } from 'zod';
import { UsageError } from './errors.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * A pipeline's parameters as its users read them: name, the values it takes, its default and what
 * it does. The schema in `pipeline.ts` is the one place a parameter is documented (its zod
 * `.describe(...)`); `kzstat list` and docs/parameters.md are read from it, so they cannot drift apart.
 */
export interface ParameterDoc {
  name: string;
  /** the values it takes, e.g. `per_year | pooled`, `integer >= 2`, `number in (0, 1]` */
  type: string;
  /** its value when none is given; undefined for a parameter without a default */
  default?: unknown;
  description: string;
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  additionalProperties?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  /** `.meta({ accepts })`: the values in words, for a parameter that reads its value itself (a file name or JSON) */
  accepts?: string;
}

// zod writes an unbounded integer's bounds as the safe-integer range
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

function bounds(s: JsonSchema): string {
  const lo = s.minimum !== undefined && s.minimum > -UNBOUNDED ? s.minimum : undefined;
  const hi = s.maximum !== undefined && s.maximum < UNBOUNDED ? s.maximum : undefined;
  const [xlo, xhi] = [s.exclusiveMinimum, s.exclusiveMaximum];
  const low = lo ?? xlo;
  const high = hi ?? xhi;
  if (low !== undefined && high !== undefined)
    return ` in ${lo !== undefined ? '[' : '('}${low}, ${high}${hi !== undefined ? ']' : ')'}`;
  if (low !== undefined) return ` ${lo !== undefined ? '>=' : '>'} ${low}`;
  if (high !== undefined) return ` ${hi !== undefined ? '<=' : '<'} ${high}`;
  return '';
}

function typeText(s: JsonSchema): string {
  if (s.accepts) return s.accepts;
  if (s.enum) return s.enum.map(String).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeText).join(' or ');
  switch (s.type) {
    case 'integer':
    case 'number':
      return `${s.type}${bounds(s)}`;
    case 'array':
      if (s.prefixItems) return `[${s.prefixItems.map(typeText).join(', ')}]`;
      return s.items ? `list of ${typeText(s.items)}` : 'list';
    case 'object':
      return s.additionalProperties ? `object of name -> ${typeText(s.additionalProperties)}` : 'object';
    case undefined:
      return 'any';
    default:
      return s.type;
  }
}

/** The parameters of `schema` (a pipeline's `params`, a zod object), in the order it declares them. */
export function parameterDocs(schema: z.ZodType): ParameterDoc[] {
  const shape = (schema as z.ZodObject<z.ZodRawShape>).shape ?? {};
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
  };
  return Object.entries(shape).map(([name, field]) => {
    const property = json.properties?.[name] ?? {};
    const unset = (field as z.ZodType).safeParse(undefined);
    return {
      name,
      type: typeText(property),
      ...(unset.success && { default: unset.data }),
      description: property.description ?? (field as z.ZodType).description ?? '',
    };
  });
}

/** The parameters a schema declares without a description: a pipeline definition error. */
export function undescribedParameters(schema: z.ZodType): string[] {
  return parameterDocs(schema)
    .filter((p) => !p.description.trim())
    .map((p) => p.name);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A parameter's value as it is written after --param NAME= */
export const shownValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * docs/parameters.md: every pipeline's parameters, as `kzstat list --json` gives them. Written by
 * scripts/parameters-doc.ts; tests/docs/parameters.test.ts fails when it is out of date.
 */
export function parametersMarkdown(pipelines: { name: string; file: string; params: z.ZodType }[]): string {
  const lines = [
    '# Parameters',
    '',
    '<!-- Written by `npx tsx scripts/parameters-doc.ts` from the parameter schemas of each pipeline.ts: edit those, not this file. -->',
    '',
    'Each pipeline takes the parameters below, set with `--param NAME=VALUE` (or `--param PIPELINE.NAME=VALUE`',
    'for one pipeline; repeatable) on `kzstat run` and `kzstat plan`. A value is checked before anything runs:',
    'a wrong one exits 2 naming the parameter and what it takes. The values a version was computed with are',
    'in its `datapackage.json` under `kzstat.parameters`, a changed one computes the pipeline again, and',
    '`kzstat versions` and `kzstat diff` name it. `kzstat list --json` gives the same list.',
  ];
  for (const p of pipelines) {
    lines.push('', `## ${p.name}`, '', `Declared in \`${p.file}\`.`, '');
    const docs = parameterDocs(p.params);
    if (!docs.length) {
      lines.push('No parameters.');
      continue;
    }
    lines.push('| parameter | values | default | what it does |', '|---|---|---|---|');
    for (const d of docs)
      lines.push(
        `| \`${d.name}\` | ${cell(d.type)} | ${'default' in d ? `\`${cell(shownValue(d.default))}\`` : 'required'} | ${cell(d.description)} |`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `--param name=value` for one pipeline: a value is read as JSON (numbers,
 * booleans, lists) unless the parameter wants text ("2022" for a vintage).
 */
export function parseParams(
  pipeline: Pick<Pipeline, 'name' | 'params'>,
  given: Record<string, string>,
): Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    const [scope, name] = k.includes('.') ? k.split('.', 2) : [undefined, k];
    if (!scope || scope === pipeline.name) raw[name!] = v;
  }
  const asJson = (v: string) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  const schema = pipeline.params as z.ZodType;
  const candidate: Record<string, unknown> = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, asJson(v)]),
  );
  const asGiven = schema.safeParse(candidate);
  let parsed = asGiven;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key in raw) candidate[key] = raw[key];
    }
    parsed = schema.safeParse(candidate);
  }
  if (!parsed.success) {
    // winmax=0 read as JSON is too small, and as text not a number: the first is what the user needs to hear
    const asJson = new Map(asGiven.error?.issues.map((i) => [String(i.path[0]), i]));
    const issues = parsed.error.issues.map((i) => {
      const first = asJson.get(String(i.path[0]));
      return first && first.code !== 'invalid_type' ? first : i;
    });
    throw new UsageError(
      `invalid --param for ${pipeline.name}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data as Record<string, unknown>;
}

/** A parameter no selected pipeline has is a typo, not something to ignore. */
export function checkParamNames(
  pipelines: Pick<Pipeline, 'name' | 'params'>[],
  given: Record<string, string>,
): void {
  const names = (p: Pick<Pipeline, 'params'>) =>
    Object.keys((p.params as z.ZodObject<z.ZodRawShape>).shape ?? {});
  for (const key of Object.keys(given)) {
    const [scope, name] = key.includes('.') ? key.split('.', 2) : [undefined, key];
    const owners = pipelines.filter((p) => (!scope || p.name === scope) && names(p).includes(name!));
    if (owners.length === 0)
      throw new UsageError(
        `unknown parameter '${key}' (parameters: ${pipelines.flatMap((p) => names(p).map((n) => `${p.name}.${n}`)).join(', ') || 'none'})`,
      );
  }
}
