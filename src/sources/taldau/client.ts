import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { inputErrorFrom, SourceError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { silentLogger } from '../../core/log.ts';
import { displayPath } from '../../core/paths.ts';
import { createHttp, type Http, type HttpOptions } from './http.ts';
import { readStored, requestUrl, type StoredPaths, store, storedPaths, type TaldauRequest } from './store.ts';
import {
  attributesResponse,
  indexDataResponse,
  indexPeriodsResponse,
  periodListResponse,
  type Sidecar,
  segmentListResponse,
  treeResponse,
  validateBody,
} from './wire.ts';

/**
 * The Taldau endpoints as typed calls. Every answer is stored verbatim with
 * its sidecar before it is parsed, then validated against its schema; an
 * answer already stored for the same request is read from disk instead of
 * fetched (unless `force`), and `offline` never touches the network.
 */
export const TALDAU_URL = 'https://taldau.stat.gov.kz';

export interface ClientOptions {
  baseUrl: string;
  rawDir: string;
  offline: boolean;
  /** fetch again even what is stored */
  force: boolean;
  http?: Partial<HttpOptions>;
  log?: Logger;
}

export interface Answer<T> {
  data: T;
  /** the stored response (absolute) and its pointer relative to the raw folder */
  file: string;
  pointer: string;
  sidecar: Sidecar;
  fetched: boolean;
}

/** Offline, and the answer was never stored: nothing to read. */
export class NotStoredError extends SourceError {}

export interface TreeQuery {
  indexId: string;
  periodId: string;
  measureId: string;
  /** the term the tree starts from (741880, the Republic) */
  termId: string;
  /** one term per dictionary: the region term and the totals of the other breakdowns */
  terms: string[];
  dicIds: string[];
}

/** The filter the Taldau web app sends with every tree request. */
const NO_FILTER = '[{"property":null,"value":null}]';

export class TaldauClient {
  readonly stats = { fetched: 0, reused: 0 };
  private readonly http: Http;
  private readonly log: Logger;
  private readonly inFlight = new Map<string, Promise<Answer<unknown>>>();
  /** the files of each index folder, listed once: most answers of a fresh pull are not there to read */
  private readonly listings = new Map<string, Promise<Set<string>>>();

  constructor(private readonly opts: ClientOptions) {
    this.log = opts.log ?? silentLogger;
    this.http = createHttp(opts.http, this.log);
  }

  /** requests sent to the server, retries included */
  get sent(): number {
    return this.http.sent;
  }

  attributes(indexId: string) {
    return this.get(
      {
        endpoint: 'GetIndexAttributes',
        method: 'GET',
        path: '/ru/Api/GetIndexAttributes',
        query: { indexId },
        indexId,
      },
      attributesResponse,
    );
  }

  periodList(indexId: string) {
    return this.get(
      {
        endpoint: 'GetPeriodList',
        method: 'GET',
        path: '/ru/Api/GetPeriodList',
        query: { indexId },
        indexId,
      },
      periodListResponse,
    );
  }

  segmentList(indexId: string, periodId: string) {
    return this.get(
      {
        endpoint: 'GetSegmentList',
        method: 'GET',
        path: '/ru/Api/GetSegmentList',
        query: { indexId, periodId },
        indexId,
        label: `p${periodId}`,
      },
      segmentListResponse,
    );
  }

  indexPeriods(q: TreeQuery) {
    return this.get(
      {
        endpoint: 'GetIndexPeriods',
        method: 'GET',
        path: '/ru/Api/GetIndexPeriods',
        query: {
          p_measure_id: q.measureId,
          p_index_id: q.indexId,
          p_period_id: q.periodId,
          p_terms: q.terms.join(','),
          p_term_id: q.termId,
          p_dicIds: q.dicIds.join(','),
        },
        indexId: q.indexId,
        label: `p${q.periodId}`,
      },
      indexPeriodsResponse,
    );
  }

  indexData(indexId: string, q: { periodId: string; dicIds: string[]; dateIds?: string[] }) {
    return this.get(
      {
        endpoint: 'GetIndexData',
        method: 'GET',
        path: `/ru/Api/GetIndexData/${indexId}`,
        query: {
          period: q.periodId,
          dics: q.dicIds.join(','),
          ...(q.dateIds ? { dateIds: q.dateIds.join(',') } : {}),
        },
        indexId,
        label: `p${q.periodId}`,
      },
      indexDataResponse,
    );
  }

  /** One level of the tree: the root (parentId '') or the children of a node, e.g. the regions under 741880. */
  tree(q: TreeQuery & { parentId: string; idx: string }) {
    return this.get(
      {
        endpoint: 'GetIndexTreeData',
        method: 'POST',
        path: '/ru/NewIndex/GetIndexTreeData',
        query: {},
        // Field for field what the Taldau web app posts (the verbatim request in data/raw/taldau/701189/).
        form: {
          p_parent_id: q.parentId,
          p_index_id: q.indexId,
          p_keyword: '',
          p_period_id: q.periodId,
          p_measure_id: q.measureId,
          p_term_id: q.termId,
          p_terms: q.terms.join(','),
          p_dicIds: q.dicIds.join(','),
          idx: q.idx,
          filter: NO_FILTER,
          id: '',
        },
        indexId: q.indexId,
        label: `p${q.periodId}_${q.parentId || 'root'}`,
      },
      treeResponse,
    );
  }

  private get<S extends z.ZodType>(req: TaldauRequest, schema: S): Promise<Answer<z.infer<S>>> {
    const paths = storedPaths(this.opts.rawDir, req);
    // Two callers asking the same thing at once share one request.
    let p = this.inFlight.get(paths.response);
    if (!p) {
      p = this.resolve(req, paths, schema).finally(() => this.inFlight.delete(paths.response));
      this.inFlight.set(paths.response, p);
    }
    return p as Promise<Answer<z.infer<S>>>;
  }

  private listing(dir: string): Promise<Set<string>> {
    let l = this.listings.get(dir);
    if (!l) {
      l = readdir(dir).then(
        (names) => new Set(names),
        () => new Set<string>(),
      );
      this.listings.set(dir, l);
    }
    return l;
  }

  /** false when the sidecar is certainly not there (the folder was listed and this client has not written it) */
  private async mayBeStored(paths: StoredPaths): Promise<boolean> {
    return (await this.listing(path.dirname(paths.response))).has(path.basename(paths.sidecar));
  }

  private async resolve<S extends z.ZodType>(
    req: TaldauRequest,
    paths: StoredPaths,
    schema: S,
  ): Promise<Answer<z.infer<S>>> {
    const shown = displayPath(paths.response);
    if (!this.opts.force && (await this.mayBeStored(paths))) {
      const stored = await readStored(paths, req);
      if (stored) {
        const parsed = validateBody(stored.bytes, schema, shown);
        if (parsed.ok) {
          this.stats.reused++;
          return {
            data: parsed.data,
            file: paths.response,
            pointer: paths.pointer,
            sidecar: stored.sidecar,
            fetched: false,
          };
        }
        if (this.opts.offline) throw inputErrorFrom(parsed.problems);
        // A stored answer that does not read (cut short, or from before a fix) is worth asking for again.
        this.log.warn(
          `${shown}: stored answer does not validate (${parsed.problems[0]!.message}); fetching it again`,
        );
      }
    }
    if (this.opts.offline)
      throw new NotStoredError(
        `--offline: no stored answer to ${req.method} ${describe(req)} (expected ${shown}); pull it without --offline first`,
      );
    const retrievedAt = new Date();
    const res = await this.http.request({
      method: req.method,
      url: requestUrl(this.opts.baseUrl, req),
      ...(req.form ? { form: req.form } : {}),
    });
    const sidecar = await store(paths, req, res, retrievedAt);
    (await this.listing(path.dirname(paths.response))).add(path.basename(paths.sidecar));
    this.stats.fetched++;
    const parsed = validateBody(res.bytes, schema, shown);
    if (!parsed.ok)
      throw inputErrorFrom(
        parsed.problems,
        `invalid answer from Taldau (${describe(req)}), stored as ${shown}`,
      );
    return { data: parsed.data, file: paths.response, pointer: paths.pointer, sidecar, fetched: true };
  }
}

function describe(req: TaldauRequest): string {
  const q = new URLSearchParams(req.query).toString();
  const f = req.form
    ? ` (${['p_index_id', 'p_period_id', 'p_parent_id'].map((k) => `${k}=${req.form![k]}`).join(', ')})`
    : '';
  return `${req.path}${q ? `?${q}` : ''}${f}`;
}
