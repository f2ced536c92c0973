import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/fs.ts';
import { sha256, stableStringify } from '../../core/hash.ts';
import { engineVersion } from '../../core/version.ts';
import type { HttpResponse } from './http.ts';
import { type Sidecar, sidecarSchema } from './wire.ts';

/**
 * The raw layout of Taldau responses:
 *
 *   <raw>/taldau/<index>/<Endpoint>[_<what>]_<key>_response.json   the body, byte for byte
 *   <raw>/taldau/<index>/<Endpoint>[_<what>]_<key>_request.json    its sidecar
 *
 * `<key>` is a hash of the request (method, path, query, form) without the
 * host, so a mirror given with --source answers for the same stored file. The
 * body is written first and the sidecar (with the body's sha256) last, each
 * atomically: a response counts as stored only when both are there and agree,
 * so a pull killed at any instant resumes by fetching exactly what is missing.
 */
export type Endpoint =
  | 'GetIndexAttributes'
  | 'GetPeriodList'
  | 'GetSegmentList'
  | 'GetIndexPeriods'
  | 'GetIndexData'
  | 'GetIndexTreeData';

export interface TaldauRequest {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  /** e.g. /ru/Api/GetPeriodList or /ru/Api/GetIndexData/701189 */
  path: string;
  query: Record<string, string>;
  form?: Record<string, string>;
  indexId: string;
  /** readable part of the file name: p7, p7_root, p7_741880 */
  label?: string;
}

export function requestKey(req: TaldauRequest): string {
  return sha256(
    stableStringify({ method: req.method, path: req.path, query: req.query, form: req.form ?? null }),
  ).slice(0, 12);
}

export function requestUrl(baseUrl: string, req: TaldauRequest): string {
  // Appended, not resolved: a mirror may live under a path of its own.
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${req.path}`);
  for (const [k, v] of Object.entries(req.query)) url.searchParams.set(k, v);
  return url.toString();
}

export interface StoredPaths {
  response: string;
  sidecar: string;
  /** the response relative to the raw folder, as observations point at it */
  pointer: string;
}

export function storedPaths(rawDir: string, req: TaldauRequest): StoredPaths {
  if (!/^\d+$/.test(req.indexId)) throw new Error(`index id '${req.indexId}' is not a number`);
  const base = [req.endpoint, req.label, requestKey(req)].filter(Boolean).join('_');
  const rel = `taldau/${req.indexId}/${base}`;
  const abs = path.join(rawDir, ...rel.split('/'));
  return {
    response: `${abs}_response.json`,
    sidecar: `${abs}_request.json`,
    pointer: `${rel}_response.json`,
  };
}

/** The sidecar of a stored response: `X_response.json` -> `X_request.json`. */
export function sidecarPathOf(responseFile: string): string | undefined {
  return /_response\.json$/i.test(responseFile)
    ? responseFile.replace(/_response\.json$/i, '_request.json')
    : undefined;
}

export interface Stored {
  bytes: Buffer;
  sidecar: Sidecar;
}

/** The stored response for a request, if both files are there and the body is the one its sidecar describes. */
export async function readStored(paths: StoredPaths, req: TaldauRequest): Promise<Stored | undefined> {
  let bytes: Buffer;
  let side: unknown;
  try {
    side = JSON.parse(await readFile(paths.sidecar, 'utf8'));
    bytes = await readFile(paths.response);
  } catch {
    return undefined;
  }
  const parsed = sidecarSchema.safeParse(side);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  if (s.request_key !== requestKey(req) || s.sha256 !== sha256(bytes)) return undefined;
  return { bytes, sidecar: s };
}

export async function store(
  paths: StoredPaths,
  req: TaldauRequest,
  res: HttpResponse,
  retrievedAt: Date,
): Promise<Sidecar> {
  // Not flushed to disk one by one (four fsyncs an answer would cost more than the request): the sha256
  // in the sidecar is checked on every read, so an answer torn by a power cut is fetched again, not used.
  await writeFileAtomic(paths.response, res.bytes, { durable: false });
  const sidecar: Sidecar = {
    source_url: res.url,
    method: req.method,
    index_id: req.indexId,
    endpoint: req.endpoint,
    request_body: req.form ?? null,
    request_key: requestKey(req),
    status: res.status,
    ...(res.contentType ? { content_type: res.contentType } : {}),
    downloaded_at: retrievedAt.toISOString(),
    sha256: sha256(res.bytes),
    bytes: res.bytes.length,
    attempts: res.attempts,
    client: `kzstat ${engineVersion}`,
  };
  await writeFileAtomic(paths.sidecar, `${JSON.stringify(sidecar, null, 2)}\n`, { durable: false });
  return sidecar;
}
