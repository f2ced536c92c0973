import { UsageError } from '../../core/errors.ts';
import type { HttpOptions } from './http.ts';

/**
 * How hard a Taldau pull may push: concurrency, timeout, retries and the
 * first back-off, from `kzstat pull` flags or, for the pulls a run makes, the
 * environment (KZSTAT_TALDAU_CONCURRENCY, _TIMEOUT_MS, _RETRIES, _BACKOFF_MS).
 */
export interface HttpSettings {
  concurrency?: string;
  timeout?: string;
  retries?: string;
  backoff?: string;
}

function count(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} ${value}: expected a whole number >= ${min}`);
  return n;
}

export function httpOptions(
  s: HttpSettings,
  names = { concurrency: '--concurrency', timeout: '--timeout', retries: '--retries', backoff: '--backoff' },
): Partial<HttpOptions> {
  const out: Partial<HttpOptions> = {};
  const concurrency = count(names.concurrency, s.concurrency, 1);
  const timeoutMs = count(names.timeout, s.timeout, 1);
  const retries = count(names.retries, s.retries, 0);
  const backoffMs = count(names.backoff, s.backoff, 0);
  if (concurrency !== undefined) out.concurrency = concurrency;
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  if (retries !== undefined) out.retries = retries;
  if (backoffMs !== undefined) out.backoffMs = backoffMs;
  return out;
}

export function httpOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<HttpOptions> {
  return httpOptions(
    {
      concurrency: env.KZSTAT_TALDAU_CONCURRENCY,
      timeout: env.KZSTAT_TALDAU_TIMEOUT_MS,
      retries: env.KZSTAT_TALDAU_RETRIES,
      backoff: env.KZSTAT_TALDAU_BACKOFF_MS,
    },
    {
      concurrency: 'KZSTAT_TALDAU_CONCURRENCY',
      timeout: 'KZSTAT_TALDAU_TIMEOUT_MS',
      retries: 'KZSTAT_TALDAU_RETRIES',
      backoff: 'KZSTAT_TALDAU_BACKOFF_MS',
    },
  );
}
