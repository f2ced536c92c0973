import { z } from 'zod';
import type { Problem } from '../../core/errors.ts';

/**
 * Taldau's wire format (docs/taldau.md), one zod schema per endpoint; the
 * TypeScript types are inferred from them. A response that does not match
 * is refused with the field that changed, never half-read: BNS has renamed
 * things before, and a silently empty series is worse than a loud stop.
 */

/** Ids are strings in the tree and numbers in some /Api/ answers. */
const looseId = z.union([z.string().regex(/^\d+$/, 'expected digits'), z.number().int()]).transform(String);

/** `y122020`: the value for the period ending month 12 of 2020 (under the request's period type). */
export const VALUE_KEY = /^y(\d{2})(\d{4})$/;
/** `122020`: the id Taldau gives that period. */
const PERIOD_ID_KEY = /^\d{6}$/;

export const treeNode = z
  .object({
    id: z.string().regex(/^\d+$/, 'expected a term id (digits)'),
    text: z.string(),
    leaf: z.enum(['true', 'false']),
    measureName: z.string().optional(),
  })
  .catchall(z.unknown())
  .superRefine((node, ctx) => {
    let values = 0;
    let periodIds = 0;
    for (const [key, value] of Object.entries(node)) {
      if (VALUE_KEY.test(key)) {
        values++;
        // Every figure comes as a string; a number here would be a new wire format (and lose digits).
        if (typeof value !== 'string')
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `expected a string value, found ${typeof value}`,
          });
      } else if (PERIOD_ID_KEY.test(key)) periodIds++;
    }
    if (periodIds > 0 && values === 0)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `${periodIds} period ids (MMYYYY keys) but no yMMYYYY value keys: have the value keys been renamed?`,
      });
  });
export type TreeNode = z.infer<typeof treeNode>;

/** POST /ru/NewIndex/GetIndexTreeData: the nodes of one level of the region tree. */
export const treeResponse = z.array(treeNode);

/** GET /ru/Api/GetIndexAttributes?indexId= */
export const attributesResponse = z
  .object({
    measureName: z.string(),
    name: z.string().optional(),
    path: z.string().optional(),
    namePath: z.string().optional(),
  })
  .catchall(z.unknown());
export type Attributes = z.infer<typeof attributesResponse>;

/** GET /ru/Api/GetPeriodList?indexId= : the period types the index is published for. */
export const periodListResponse = z.array(z.object({ id: looseId, name: z.string() }).catchall(z.unknown()));
export type PeriodType = z.infer<typeof periodListResponse>[number];

const joined = z.union([z.string(), z.number()]).transform(String);

/** GET /ru/Api/GetSegmentList?indexId=&periodId= : the breakdowns (dictionaries) the index has. */
export const segmentListResponse = z.array(
  z.object({ dicId: joined, names: z.string(), termIds: joined }).catchall(z.unknown()),
);
export type Segment = z.infer<typeof segmentListResponse>[number];

/** GET /ru/Api/GetIndexPeriods?... : the dates an index has values for. */
export const indexPeriodsResponse = z
  .object({ datesIds: z.array(looseId), periodNameList: z.array(z.string()) })
  .catchall(z.unknown());

/** GET /ru/Api/GetIndexData/{indexId}?period=&dics=&dateIds= */
export const indexDataResponse = z.array(
  z
    .object({
      terms: z.array(looseId),
      termNames: z.array(z.string()),
      periods: z.array(
        z
          .object({ name: z.string(), date: z.string(), value: z.union([z.string(), z.number(), z.null()]) })
          .catchall(z.unknown()),
      ),
    })
    .catchall(z.unknown()),
);

/** Multi-valued segment fields are joined by '+', ',' or '/' ("67 + 915", "741880,741885"). */
export function splitJoined(s: string): string[] {
  return s
    .split(/[+,/]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * The sidecar stored beside each response (`…_request.json`): the request and
 * what came back. The fields of the verbatim fixture from the BNS data
 * repository (downloaded_at, source_url, index_id, request_body) are kept
 * with their names, so a response stored by that project reads the same way.
 */
export const sidecarSchema = z
  .object({
    source_url: z.string().min(1),
    method: z.enum(['GET', 'POST']).default('POST'),
    index_id: z.string().regex(/^\d+$/),
    endpoint: z.string().optional(),
    request_body: z.record(z.string(), z.string()).nullable().optional(),
    request_key: z.string().optional(),
    status: z.number().int().optional(),
    content_type: z.string().optional(),
    downloaded_at: z.string().min(10),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    bytes: z.number().int().optional(),
    attempts: z.number().int().optional(),
    client: z.string().optional(),
  })
  .catchall(z.unknown());
export type Sidecar = z.infer<typeof sidecarSchema>;

/** `[3].text`, `[0].y122020`: where in a response a problem is. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v = json;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * Parses and validates a response body; every problem names the field. (The
 * value-key checks of a tree node run once its named fields are right.)
 */
export function validateBody<S extends z.ZodType>(
  bytes: Uint8Array | string,
  schema: S,
  file: string,
): { ok: true; data: z.infer<S> } | { ok: false; problems: Problem[] } {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      ok: false,
      problems: [
        {
          file,
          message: `not valid JSON (${(e as Error).message}); ${text.length} characters received: a truncated answer?`,
        },
      ],
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 50).map((i) => {
      const where = fieldPath(i.path);
      const missing = i.path.length > 0 && valueAt(json, i.path) === undefined;
      return {
        file,
        ...(where ? { where: `field ${where}` } : {}),
        message: missing
          ? 'missing: the Taldau wire format has changed (a field renamed or dropped?)'
          : `${i.message} (the Taldau wire format has changed?)`,
      };
    }),
  };
}
