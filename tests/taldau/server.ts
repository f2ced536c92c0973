import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local server that speaks Taldau's wire format (docs/taldau.md; the
 * verbatim answer in data/raw/taldau/701189/ is the model of the tree nodes),
 * serving SYNTHETIC indices defined by the tests, with fault injection:
 * statuses (500, 429 + Retry-After), a hung request, a truncated body, a cut
 * connection, a renamed field, and a latency per request. It counts what it
 * is asked, so tests can see what a resumed pull fetches again.
 */
export interface FakeIndex {
  id: string;
  name: string;
  measureName: string;
  periods: { id: number; name: string }[];
  segments: { dicId: string; names: string; termIds: string }[];
  /** p_measure_id the tree answers to; anything else gets a 500, as Taldau does */
  measureId?: string;
  /** the root level (the Republic node) and the nodes under it, as Taldau sends them */
  root: Record<string, unknown>[];
  children: Record<string, unknown>[];
}

export type Endpoint =
  | 'GetIndexAttributes'
  | 'GetPeriodList'
  | 'GetSegmentList'
  | 'GetIndexPeriods'
  | 'GetIndexData'
  | 'GetIndexTreeData';

export interface Seen {
  endpoint: Endpoint | 'unknown';
  method: string;
  url: string;
  index: string;
  form: Record<string, string>;
  /** ms since the server started */
  at: number;
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'cut' }
  | { kind: 'rename'; from: string; to: string };

interface FaultRule {
  when: (r: Seen) => boolean;
  fault: Fault;
  times: number;
}

export class TaldauServer {
  readonly seen: Seen[] = [];
  latencyMs = 0;
  /** called when a request arrives (after it is counted), e.g. to kill a client */
  onRequest?: (r: Seen, n: number) => void;
  private readonly faults: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly indices = new Map<string, FakeIndex>();
  private readonly started = Date.now();
  private server!: Server;
  url = '';

  static async start(indices: FakeIndex[], port = 0): Promise<TaldauServer> {
    const s = new TaldauServer();
    for (const i of indices) s.indices.set(i.id, i);
    s.server = createServer((req, res) => void s.handle(req, res));
    s.server.on('connection', (socket) => {
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => s.server.listen(port, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next `times` requests matching `when` get `fault` instead of their answer. */
  fail(when: (r: Seen) => boolean, fault: Fault, times = 1): this {
    this.faults.push({ when, fault, times });
    return this;
  }

  count(endpoint?: Endpoint, index?: string): number {
    return this.seen.filter((r) => (!endpoint || r.endpoint === endpoint) && (!index || r.index === index))
      .length;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = Object.fromEntries(new URLSearchParams(raw));
    const endpoint = (url.pathname.match(
      /\/ru\/(?:Api|NewIndex)\/(GetIndexAttributes|GetPeriodList|GetSegmentList|GetIndexPeriods|GetIndexData|GetIndexTreeData)/,
    )?.[1] ?? 'unknown') as Seen['endpoint'];
    const index =
      url.searchParams.get('indexId') ??
      url.searchParams.get('p_index_id') ??
      form.p_index_id ??
      url.pathname.match(/GetIndexData\/(\d+)/)?.[1] ??
      '';
    const seen: Seen = {
      endpoint,
      method: req.method ?? '',
      url: req.url ?? '',
      index,
      form,
      at: Date.now() - this.started,
    };
    this.seen.push(seen);
    this.onRequest?.(seen, this.seen.length);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));

    const rule = this.faults.find((f) => f.times > 0 && f.when(seen));
    if (rule) rule.times--;
    const fault = rule?.fault;
    if (fault?.kind === 'hang') return; // never answers; the socket is destroyed on close
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/html', ...fault.headers });
      res.end(`<html><title>${fault.status}</title></html>`);
      return;
    }
    const answer = this.answer(endpoint, url, form, index);
    if (answer.status !== 200) {
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.text);
      return;
    }
    let body = JSON.stringify(answer.json);
    if (fault?.kind === 'rename') body = body.replaceAll(`"${fault.from}":`, `"${fault.to}":`);
    if (fault?.kind === 'truncate') body = body.slice(0, Math.floor(body.length / 2));
    const bytes = Buffer.from(body);
    if (fault?.kind === 'cut') {
      // Promise the whole body, send half, drop the connection.
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': bytes.length * 2,
      });
      res.write(bytes);
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  }

  private answer(
    endpoint: Seen['endpoint'],
    url: URL,
    form: Record<string, string>,
    indexId: string,
  ): { status: number; json?: unknown; text?: string } {
    const ix = this.indices.get(indexId);
    if (!ix) return { status: 404, text: `no index ${indexId}` };
    const q = (k: string) => url.searchParams.get(k) ?? '';
    switch (endpoint) {
      case 'GetIndexAttributes':
        return {
          status: 200,
          json: {
            id: Number(ix.id),
            name: ix.name,
            path: `Synthetic / ${ix.name}`,
            measureName: ix.measureName,
          },
        };
      case 'GetPeriodList':
        return { status: 200, json: ix.periods };
      case 'GetSegmentList':
        return ix.periods.some((p) => String(p.id) === q('periodId'))
          ? { status: 200, json: ix.segments.map((s, i) => ({ ...s, idx: i })) }
          : { status: 500, text: 'Индекс за пределами диапазона' };
      case 'GetIndexPeriods': {
        const keys = Object.keys(ix.root[0] ?? {}).filter((k) => /^y\d{6}$/.test(k));
        return {
          status: 200,
          json: {
            dateList: keys.map((k) => k.slice(1)),
            datesIds: keys.map((k) => String(ix.root[0]![k.slice(1)] ?? '0')),
            periodNameList: keys.map((k) => `${k.slice(3)} год`),
          },
        };
      }
      case 'GetIndexData': {
        const nodes = [...ix.root, ...ix.children];
        return {
          status: 200,
          json: nodes.map((n) => ({
            terms: [Number(n.id)],
            termNames: [n.text],
            periods: Object.keys(n)
              .filter((k) => /^y\d{6}$/.test(k))
              .map((k) => ({
                name: `${k.slice(3)} год`,
                date: `31.${k.slice(1, 3)}.${k.slice(3)}`,
                value: n[k],
              })),
          })),
        };
      }
      case 'GetIndexTreeData': {
        const seg = ix.segments.find((s) => s.dicId.replace(/\s*\+\s*/g, ',') === form.p_dicIds);
        if (
          !seg ||
          (ix.measureId ?? '1') !== form.p_measure_id ||
          !ix.periods.some((p) => String(p.id) === form.p_period_id)
        )
          return { status: 500, text: 'Object reference not set to an instance of an object.' };
        if (form.p_parent_id === '') return { status: 200, json: ix.root };
        if (form.p_parent_id === String(ix.root[0]?.id)) return { status: 200, json: ix.children };
        return { status: 200, json: [] };
      }
      default:
        return { status: 404, text: 'not found' };
    }
  }
}

/** Synthetic regions with names as Taldau prints them (Russian, as the registry knows them). */
export const REGIONS = [
  'Акмолинская область',
  'Актюбинская область',
  'Алматинская область',
  'Атырауская область',
  'Западно-Казахстанская область',
  'Жамбылская область',
  'Карагандинская область',
  'Костанайская область',
  'Кызылординская область',
  'Мангистауская область',
  'Павлодарская область',
  'Северо-Казахстанская область',
  'Туркестанская область',
  'Восточно-Казахстанская область',
  'г. Астана',
  'г. Алматы',
  'г. Шымкент',
];

/**
 * A SYNTHETIC annual index: the Republic and `regions` regions with values
 * `values[y][r]` (strings, as Taldau sends them; "x" for confidential). The
 * Republic's value is given by `republic[y]`. Term ids are made up.
 */
export function syntheticIndex(opts: {
  id: string;
  years: number[];
  regions?: string[];
  value?: (year: number, region: number) => string;
  republic?: (year: number) => string;
  measureName?: string;
  name?: string;
  periods?: { id: number; name: string }[];
  segments?: FakeIndex['segments'];
  measureId?: string;
}): FakeIndex {
  const regions = opts.regions ?? REGIONS.slice(0, 3);
  const value = opts.value ?? ((y, r) => String(100 * (r + 1) + (y - 2000)));
  const republic =
    opts.republic ?? ((y) => String(regions.reduce((sum, _r, i) => sum + Number(value(y, i)), 0)));
  const node = (id: string, text: string, leaf: boolean, v: (y: number) => string) => {
    const n: Record<string, unknown> = {
      id,
      rownum: 0,
      text,
      leaf: String(leaf),
      expanded: String(!leaf),
      measureName: '',
    };
    opts.years.forEach((y, i) => {
      n[`y12${y}`] = v(y);
      n[`12${y}`] = String(500 + i);
    });
    return n;
  };
  return {
    id: opts.id,
    name: opts.name ?? `Synthetic index ${opts.id}`,
    measureName: opts.measureName ?? 'млн тенге',
    periods: opts.periods ?? [{ id: 7, name: 'Год' }],
    segments: opts.segments ?? [{ dicId: '67', names: 'Регионы', termIds: '741880' }],
    ...(opts.measureId ? { measureId: opts.measureId } : {}),
    root: [node('741880', 'РЕСПУБЛИКА КАЗАХСТАН', false, republic)],
    children: regions.map((r, i) => node(String(900000 + i), r, true, (y) => value(y, i))),
  };
}
