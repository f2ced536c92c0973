import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../core/duckdb.ts';
import { UsageError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { IndicatorNeeds } from '../../core/pipeline.ts';
import { loadManifest, MANIFEST } from '../../inputs/manifest.ts';
import { TALDAU_URL, TaldauClient } from './client.ts';
import { httpOptionsFromEnv } from './config.ts';
import { measureFor } from './measures.ts';
import { type PulledIndex, pullIndex, settled } from './pull.ts';
import { recordPulls, withRawLock } from './record.ts';

/**
 * The extract stage's Taldau source: before a run that may use the network
 * reads the raw folder, it pulls the Taldau indices that the catalogue
 * (`taldau_index` in catalog/indicators.csv) gives for the indicators the
 * pipeline needs (for a pipeline that takes every source, such as
 * observations, the indicators the raw folder's sources provide), annual,
 * for all regions, and records them in the raw folder's manifest. What is stored already is not fetched again (`--force`
 * fetches it again). `--offline` runs, and a raw folder without a manifest
 * (the "exactly these --input files" case), pull nothing.
 */

/** One client per invocation and raw folder, and one pull per index, however many pipelines need it. */
const runs = new Map<string, { client: TaldauClient; pulls: Map<string, Promise<PulledIndex>> }>();

export interface DeclaredPull {
  /** the pipeline whose indicators are pulled, for the log and the raw folder's lock */
  pipeline: string;
  indicators: IndicatorNeeds | 'all';
  rawDir: string;
  /** `--source NAME=URL` */
  sources: Record<string, string>;
  offline: boolean;
  force: boolean;
  /** pulls are shared by the pipelines of one run */
  runId: string;
  /** a DuckDB holding the reference tables (opened only when something may be pulled) */
  db(): Promise<Db>;
  log: Logger;
}

export async function pullDeclaredIndices(opts: DeclaredPull): Promise<void> {
  if (opts.offline) return;
  const rawDir = path.resolve(opts.rawDir);
  try {
    await access(path.join(rawDir, MANIFEST));
  } catch {
    return;
  }
  const db = await opts.db();
  const declared = await db.all<{ id: string; taldau_index: string }>(
    "SELECT id, taldau_index FROM indicators WHERE taldau_index <> '' ORDER BY id",
  );
  const needs = opts.indicators;
  // A pipeline that takes every source of the raw folder uses the indicators those sources provide.
  const uses =
    needs === 'all'
      ? new Set((await loadManifest(rawDir)).flatMap((s) => s.indicators))
      : new Set([...needs.required, ...needs.optional]);
  const wanted = declared.filter((d) => uses.has(d.id));
  if (wanted.length === 0) return;
  const baseUrl = taldauBaseUrl(opts.sources);
  const runKey = `${opts.runId}|${rawDir}|${baseUrl}`;
  let run = runs.get(runKey);
  if (!run) {
    const client = new TaldauClient({
      baseUrl,
      rawDir,
      offline: false,
      force: opts.force,
      http: httpOptionsFromEnv(),
      log: opts.log,
    });
    run = { client, pulls: new Map() };
    runs.set(runKey, run);
  }
  const { client, pulls: started } = run;
  const pulls = await settled(
    wanted.map(async (d) => {
      let p = started.get(d.taldau_index);
      if (!p) {
        p = pullIndex(client, { index: d.taldau_index, period: 'year', measure: measureFor(d.taldau_index) });
        started.set(d.taldau_index, p);
      }
      return { pulled: await p, indicator: d.id };
    }),
  );
  await withRawLock(rawDir, `kzstat run (${opts.pipeline}: Taldau)`, () => recordPulls(rawDir, pulls));
  opts.log.info(
    `taldau: ${pulls.length} indices for ${opts.pipeline} (${pulls.map((p) => `${p.indicator}=${p.pulled.index}`).join(', ')}): ${client.stats.fetched} answers fetched from ${baseUrl} so far in this run, ${client.stats.reused} read from the raw folder`,
  );
}

/** `--source taldau=URL`, checked; the BNS site otherwise. */
export function taldauBaseUrl(sources: Record<string, string>): string {
  const given = sources.taldau;
  if (given === undefined) return TALDAU_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--source taldau=${given}: not a URL (expected e.g. taldau=http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--source taldau=${given}: expected an http:// or https:// URL`);
  return given;
}
