import pLimit from 'p-limit';
import { InputError, SourceError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { silentLogger } from '../../core/log.ts';

/**
 * Polite HTTP for one source: at most `concurrency` requests in flight, a
 * timeout per attempt, retries with exponential back-off and jitter on
 * network errors, timeouts, 5xx and 429, and a pause of every request when
 * the server says `Retry-After`. A request that keeps failing ends in a
 * SourceError (exit 5) that says what was asked and what came back.
 */
export interface HttpOptions {
  /** requests in flight at once */
  concurrency: number;
  /** per attempt, from sending to the last byte of the body */
  timeoutMs: number;
  /** attempts after the first one */
  retries: number;
  /** the first back-off; it doubles with each retry, with jitter */
  backoffMs: number;
  backoffMaxMs: number;
  /** the longest Retry-After this client waits for; a longer one is a failure */
  maxRetryAfterMs: number;
  /** the largest answer accepted; a bigger one is refused, not read into memory */
  maxBytes: number;
  userAgent: string;
}

export const DEFAULT_HTTP: HttpOptions = {
  concurrency: 4,
  timeoutMs: 30_000,
  retries: 4,
  backoffMs: 500,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 120_000,
  // Taldau's largest answers (all regions of an index with monthly data) are a few hundred kB.
  maxBytes: 64 * 1024 * 1024,
  userAgent: 'kzstat (regional statistics of Kazakhstan; +https://github.com/)',
};

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** form fields of a POST (sent as application/x-www-form-urlencoded, as the Taldau web app does) */
  form?: Record<string, string>;
}

export interface HttpResponse {
  url: string;
  status: number;
  contentType?: string;
  bytes: Buffer;
  attempts: number;
}

/** A status no retry will change (404, 400, ...). */
class FinalStatus extends Error {}

/** An answer over the size limit: refused whole, never retried. */
class TooLarge extends Error {}

/** The body, read chunk by chunk and given up on as soon as it passes `max` bytes. */
async function readLimited(res: Response, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new TooLarge(`it declares ${declared} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (res.body)
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > max) throw new TooLarge(`it passed ${max} bytes and was not read further`);
      chunks.push(Buffer.from(chunk));
    }
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const when = Date.parse(t);
  return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}

export interface Http {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** attempts sent so far (including retries) */
  readonly sent: number;
}

/** What one attempt came to: an answer, or why not (and how long the server asked to wait). */
interface Attempt {
  res?: HttpResponse;
  retryAfter?: number;
  why: string;
}

/** What the requests to one source share: a pause a server asked for, and how many were sent. */
interface Gate {
  pausedUntil: number;
  sent: number;
}

export function createHttp(options: Partial<HttpOptions> = {}, log: Logger = silentLogger): Http {
  const o: HttpOptions = { ...DEFAULT_HTTP, ...options };
  const limit = pLimit(Math.max(1, o.concurrency));
  // A 429 with Retry-After holds back every request to the source, not just the one refused.
  const gate: Gate = { pausedUntil: 0, sent: 0 };

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    let why = '';
    for (let n = 0; n <= o.retries; n++) {
      let r: Attempt;
      try {
        r = await limit(() => attempt(req, o, gate));
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new SourceError(`Taldau refused ${req.method} ${req.url}: ${(e as Error).message}`);
      }
      if (r.res) return { ...r.res, attempts: n + 1 };
      why = r.why;
      if (n === o.retries) break;
      const delay = retryDelay(req, r, n, o, gate);
      log.warn(
        `taldau: ${req.method} ${req.url}: ${why}; retry ${n + 1} of ${o.retries} in ${Math.round(delay)} ms`,
      );
      await sleep(delay);
    }
    throw new SourceError(
      `Taldau kept failing: ${req.method} ${req.url}: ${why} (${o.retries + 1} attempt${o.retries ? 's' : ''} over ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }

  return {
    request,
    get sent() {
      return gate.sent;
    },
  };
}

/** One try of a request, within the timeout, after any pause the server asked for. */
async function attempt(req: HttpRequest, o: HttpOptions, gate: Gate): Promise<Attempt> {
  const wait = gate.pausedUntil - Date.now();
  if (wait > 0) await sleep(wait);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), o.timeoutMs);
  gate.sent++;
  try {
    const res = await fetch(req.url, {
      method: req.method,
      signal: ac.signal,
      headers: {
        accept: 'application/json, text/javascript, */*; q=0.01',
        'user-agent': o.userAgent,
        'x-requested-with': 'XMLHttpRequest',
        ...(req.form ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } : {}),
      },
      ...(req.form ? { body: new URLSearchParams(req.form).toString() } : {}),
    });
    // The timeout covers the body too: a server that sends headers and then stalls is a hung request.
    return answerOf(req, res, await readLimited(res, o.maxBytes));
  } catch (e) {
    if (e instanceof FinalStatus) throw e;
    if (e instanceof TooLarge) {
      ac.abort();
      throw new InputError(
        `Taldau's answer to ${req.method} ${req.url} is over the limit of ${o.maxBytes} bytes (${e.message}); refused`,
      );
    }
    if (ac.signal.aborted) return { why: `no complete answer within ${o.timeoutMs} ms` };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { why: `network error: ${cause?.code ?? cause?.message ?? (e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** A response read whole: the answer, a status worth retrying (with the server's Retry-After), or final. */
function answerOf(req: HttpRequest, res: Response, bytes: Buffer): Attempt {
  const status = `${res.status} ${res.statusText}`.trim();
  if (res.ok)
    return {
      res: {
        url: req.url,
        status: res.status,
        contentType: res.headers.get('content-type') ?? undefined,
        bytes,
        attempts: 0,
      },
      why: status,
    };
  if (res.status === 429 || res.status === 503) {
    const after = retryAfterMs(res.headers.get('retry-after'));
    if (after !== undefined) return { retryAfter: after, why: `${status} (Retry-After ${after / 1000} s)` };
  }
  if (res.status >= 500 || res.status === 429 || res.status === 408) return { why: status };
  throw new FinalStatus(`${status}: ${bytes.toString('utf8', 0, 200).replace(/\s+/g, ' ').trim()}`);
}

/** How long to wait before retry n+1: what the server asked for (up to a limit), else back-off with jitter. */
function retryDelay(req: HttpRequest, r: Attempt, n: number, o: HttpOptions, gate: Gate): number {
  if (r.retryAfter !== undefined) {
    if (r.retryAfter > o.maxRetryAfterMs)
      throw new SourceError(
        `Taldau asked to wait ${Math.ceil(r.retryAfter / 1000)} s before ${req.method} ${req.url} (${r.why}); this pull waits at most ${o.maxRetryAfterMs / 1000} s: try again later`,
      );
    gate.pausedUntil = Math.max(gate.pausedUntil, Date.now() + r.retryAfter);
    return r.retryAfter;
  }
  // Exponential back-off with "equal jitter": half fixed, half random, so retries of many requests spread out.
  const cap = Math.min(o.backoffMaxMs, o.backoffMs * 2 ** n);
  return cap / 2 + Math.random() * (cap / 2);
}
