import { readFile, stat } from 'node:fs/promises';
import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { displayPath } from '../core/paths.ts';
import { DEFAULT_HTTP } from '../sources/taldau/http.ts';
import { PERIOD_TYPES, periodOfKey } from '../sources/taldau/periods.ts';
import { sidecarPathOf } from '../sources/taldau/store.ts';
import {
  fieldPath,
  type Sidecar,
  sidecarSchema,
  type TreeNode,
  treeResponse,
  VALUE_KEY,
  validateBody,
} from '../sources/taldau/wire.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader, ReaderContext } from './types.ts';

/**
 * A stored Taldau answer to GetIndexTreeData (`…_response.json`), read with
 * its sidecar (`…_request.json`, which says the period type asked for).
 * One staged row per node and value key: `y122020` under period type 7 is
 * the year 2020, under 9 the year to date ending December. Values stay the
 * text Taldau sent (DuckDB reads the number from it, so no digit is lost);
 * `x` is a confidential figure (status x), an empty string one not available.
 * A node's region is its Russian name as the registry knows it, or failing
 * that its term id (741880 is the Republic); neither is an unknown region
 * named with the file and the node.
 *
 * Options: `unit` (the index's unit from GetIndexAttributes, recorded by
 * the pull) when the nodes do not carry a measureName.
 */
export const readTaldauJson: Reader = async (input, ctx) => {
  const fail = (problems: Problem[]) => ({ rows: 0, problems, warnings: [] });
  const file = input.pointer;
  const side = await readRequest(input);
  if (Array.isArray(side)) return fail(side);
  const periodTypeId = side.request_body?.p_period_id ?? '';
  if (!input.indicator)
    return fail([
      {
        file,
        message: 'a Taldau answer does not name its indicator: give the file as --input INDICATOR=FILE',
      },
    ]);
  const body = await readAnswer(input, side);
  if (!body.ok) return fail(body.problems);
  const keyTable = await periodsOfKeys(ctx, body.data, periodTypeId);

  const vintage = input.vintage ?? side.downloaded_at.slice(0, 10);
  const unit = input.options.unit?.trim() ? lit(input.options.unit.trim()) : 'NULL';
  await ctx.db.run(`
    INSERT INTO staged
    WITH nodes AS (
      SELECT unnest(l) AS node, generate_subscripts(l, 1) - 1 AS n
      FROM (SELECT from_json(json, '["json"]') AS l
            FROM read_json_objects(${lit(input.path)}, format = 'unstructured', maximum_object_size = ${maximumObjectSize(input.bytes)}))
    ),
    cells AS (
      SELECT n, node ->> 'id' AS term, trim(node ->> 'text') AS label,
             nullif(trim(node ->> 'measureName'), '') AS measure, k AS key, node ->> k AS value
      FROM nodes, unnest(json_keys(node)) AS t(k)
      WHERE regexp_full_match(k, 'y\\d{6}')
    )
    SELECT ${stagedSelect({
      source: lit(file),
      locator: `'node ' || c.n || ' (term ' || c.term || ') ' || c.key`,
      vintage: lit(vintage),
      indicator_raw: lit(input.indicator),
      region_raw: `CASE WHEN EXISTS (SELECT 1 FROM region_aliases a WHERE a.alias_key = fold_label(c.label)) THEN c.label
                WHEN EXISTS (SELECT 1 FROM region_aliases a WHERE a.kind = 'taldau' AND a.alias = c.term) THEN c.term
                ELSE coalesce(nullif(c.label, ''), c.term) END`,
      period_raw: `coalesce(k.period, c.key || ' (a key that ends no period of type ${periodTypeId})')`,
      value_raw: `nullif(trim(c.value), '')`,
      unit_raw: `coalesce(c.measure, ${unit})`,
      status_raw: `CASE WHEN trim(c.value) = '' THEN 'na' END`,
    })}
    FROM cells c LEFT JOIN ${keyTable} k ON k.key = c.key`);
  const rows = await ctx.db.value<number>(`SELECT count(*)::INTEGER FROM staged WHERE source = ${lit(file)}`);
  const warnings =
    rows === 0
      ? [`${file}: ${body.data.length} nodes but no values (no yMMYYYY keys): nothing read from it`]
      : [];
  return { rows, problems: [], warnings };
};

/** The request stored beside an answer, checked: it must ask GetIndexTreeData for a period type this reader knows. */
async function readRequest(input: InputFile): Promise<Sidecar | Problem[]> {
  const file = input.pointer;
  const sidePath = sidecarPathOf(input.path);
  if (!sidePath)
    return [
      {
        file,
        message:
          'a Taldau answer is read with its request: expected a name ending in _response.json with the _request.json beside it',
      },
    ];
  let side: Sidecar;
  try {
    const parsed = sidecarSchema.safeParse(JSON.parse(await readFile(sidePath, 'utf8')));
    if (!parsed.success)
      return parsed.error.issues.map((i) => ({
        file: displayPath(sidePath),
        where: `field ${fieldPath(i.path)}`,
        message: i.message,
      }));
    side = parsed.data;
  } catch (e) {
    return [
      {
        file: displayPath(sidePath),
        message: `cannot read the request beside ${file}: ${(e as Error).message}`,
      },
    ];
  }
  const endpoint = side.endpoint ?? new URL(side.source_url).pathname.split('/').pop();
  if (endpoint !== 'GetIndexTreeData')
    return [
      {
        file,
        message: `an answer of ${endpoint} holds no figures: give the GetIndexTreeData answers of a pull`,
      },
    ];
  const periodTypeId = side.request_body?.p_period_id ?? '';
  if (!PERIOD_TYPES[periodTypeId])
    return [
      {
        file: displayPath(sidePath),
        where: 'field request_body.p_period_id',
        message: `period type '${periodTypeId}' is not one this reader knows (${Object.keys(PERIOD_TYPES).join(', ')})`,
      },
    ];
  return side;
}

type Validated<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

/** The answer's nodes, if it is the one its request recorded (same sha256) and of Taldau's shape and size. */
async function readAnswer(input: InputFile, side: Sidecar): Promise<Validated<TreeNode[]>> {
  const file = input.pointer;
  // A stored answer is held whole while it is parsed: refuse one no Taldau answer could be.
  const { size } = await stat(input.path);
  if (size > DEFAULT_HTTP.maxBytes)
    return {
      ok: false,
      problems: [
        { file, message: `${size} bytes, over the limit of ${DEFAULT_HTTP.maxBytes} for a Taldau answer` },
      ],
    };
  const bytes = await readFile(input.path);
  if (side.sha256 && side.sha256 !== sha256(bytes))
    return {
      ok: false,
      problems: [
        {
          file,
          message: `its sha256 is not the ${side.sha256.slice(0, 12)}… its request file recorded at retrieval: changed since it was pulled?`,
        },
      ],
    };
  return validateBody(bytes, treeResponse, file);
}

/**
 * A table of the few distinct value keys with their periods (one rule, in periods.ts), so the rows stay in
 * DuckDB. Returns its name.
 */
async function periodsOfKeys(ctx: ReaderContext, nodes: TreeNode[], periodTypeId: string): Promise<string> {
  const keys = new Map<string, string | null>();
  for (const node of nodes)
    for (const key of Object.keys(node)) {
      const m = VALUE_KEY.exec(key);
      if (m && !keys.has(key)) keys.set(key, periodOfKey(periodTypeId, Number(m[1]), Number(m[2])) ?? null);
    }
  const keyTable = `taldau_keys_${ctx.tag}`;
  await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${keyTable} (key VARCHAR, period VARCHAR)`);
  if (keys.size)
    await ctx.db.run(
      `INSERT INTO ${keyTable} VALUES ${[...keys].map(([k, p]) => `(${lit(k)}, ${p === null ? 'NULL' : lit(p)})`).join(', ')}`,
    );
  return keyTable;
}

/**
 * The answer is one JSON document, so DuckDB must be allowed an object as large as the file; it allocates
 * a buffer of twice this size whatever the file's size, so a fixed 256 MiB needed 512 MiB of DuckDB's
 * memory for an answer of a few kilobytes, more than a run's whole default memory limit.
 */
function maximumObjectSize(fileBytes: number): number {
  return Math.min(256 * 2 ** 20, Math.max(16 * 2 ** 20, fileBytes + 1));
}
