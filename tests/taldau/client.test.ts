import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KzError } from '../../src/core/errors.ts';
import { sha256 } from '../../src/core/hash.ts';
import { TaldauClient } from '../../src/sources/taldau/client.ts';
import type { HttpOptions } from '../../src/sources/taldau/http.ts';
import { pullIndex } from '../../src/sources/taldau/pull.ts';
import { sidecarSchema } from '../../src/sources/taldau/wire.ts';
import { tempDir } from '../helpers/cli.ts';
import { syntheticIndex, TaldauServer } from './server.ts';

/**
 * The client and the pull sequence against a local server speaking Taldau's
 * wire format, with faults injected. Retry delays are a few milliseconds so
 * the tests stay fast; nothing here asserts how long anything took, except
 * that a Retry-After was waited for at least as long as it said.
 */
const servers: TaldauServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const fast: Partial<HttpOptions> = { retries: 3, backoffMs: 5, backoffMaxMs: 20, timeoutMs: 2000 };

async function setup(
  opts: { http?: Partial<HttpOptions>; offline?: boolean; force?: boolean; raw?: string } = {},
) {
  const server = await TaldauServer.start([
    syntheticIndex({
      id: '2709379',
      years: [2021, 2022],
      value: (y, r) => (r === 1 && y === 2022 ? 'x' : `${r + 1}0${y}.25`),
    }),
  ]);
  servers.push(server);
  const raw = opts.raw ?? (await tempDir('kzstat-raw-'));
  const client = (o: typeof opts = {}) =>
    new TaldauClient({
      baseUrl: server.url,
      rawDir: raw,
      offline: Boolean(o.offline ?? opts.offline),
      force: Boolean(o.force ?? opts.force),
      http: { ...fast, ...opts.http, ...o.http },
    });
  return { server, raw, client };
}

const spec = { index: '2709379', period: 'year' as const, measure: '1' };

async function failure(p: Promise<unknown>): Promise<KzError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KzError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('a pull', () => {
  it('asks attributes, period types, segments, then the root and the regions under it', async () => {
    const { server, client } = await setup();
    const pulled = await pullIndex(client(), spec);
    expect(server.seen.map((r) => r.endpoint).sort()).toEqual([
      'GetIndexAttributes',
      'GetIndexTreeData',
      'GetIndexTreeData',
      'GetPeriodList',
      'GetSegmentList',
    ]);
    const trees = server.seen.filter((r) => r.endpoint === 'GetIndexTreeData');
    expect(trees.map((t) => t.method)).toEqual(['POST', 'POST']);
    expect(trees[0]!.form).toEqual({
      p_parent_id: '',
      p_index_id: '2709379',
      p_keyword: '',
      p_period_id: '7',
      p_measure_id: '1',
      p_term_id: '741880',
      p_terms: '741880',
      p_dicIds: '67',
      idx: '0',
      filter: '[{"property":null,"value":null}]',
      id: '',
    });
    expect(trees[1]!.form.p_parent_id).toBe('741880');
    expect(pulled.data.map((d) => d.data.length)).toEqual([1, 3]);
    expect(pulled.periodId).toBe('7');
    expect(pulled.attributes.measureName).toBe('млн тенге');
  });

  it('stores every answer verbatim with a sidecar: URL, method, body, status, time, sha256', async () => {
    const { raw, client } = await setup();
    const pulled = await pullIndex(client(), spec);
    const files = (await readdir(path.join(raw, 'taldau', '2709379'))).sort();
    expect(files).toHaveLength(10);
    expect(files.filter((f) => f.endsWith('_response.json'))).toHaveLength(5);
    const children = pulled.data[1]!;
    const side = sidecarSchema.parse(
      JSON.parse(await readFile(children.file.replace('_response', '_request'), 'utf8')),
    );
    const bytes = await readFile(children.file);
    expect(side).toMatchObject({
      method: 'POST',
      index_id: '2709379',
      endpoint: 'GetIndexTreeData',
      status: 200,
      sha256: sha256(bytes),
      bytes: bytes.length,
      attempts: 1,
    });
    expect(side.source_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ru\/NewIndex\/GetIndexTreeData$/);
    expect(side.request_body).toMatchObject({
      p_parent_id: '741880',
      p_index_id: '2709379',
      p_period_id: '7',
    });
    expect(Date.parse(side.downloaded_at)).toBeGreaterThan(Date.now() - 60_000);
    // verbatim: the stored bytes parse to exactly what was served, "x" and all
    expect(JSON.parse(bytes.toString('utf8'))[1].y122022).toBe('x');
    const attrs = pulled.answers[0]!;
    const attrSide = sidecarSchema.parse(
      JSON.parse(await readFile(attrs.file.replace('_response', '_request'), 'utf8')),
    );
    expect(attrSide).toMatchObject({ method: 'GET', request_body: null });
    expect(attrSide.source_url).toMatch(/\/ru\/Api\/GetIndexAttributes\?indexId=2709379$/);
  });

  it('does not fetch again what is stored; --force does', async () => {
    const { server, client } = await setup();
    await pullIndex(client(), spec);
    expect(server.count()).toBe(5);
    const again = client();
    await pullIndex(again, spec);
    expect(server.count()).toBe(5);
    expect(again.stats).toEqual({ fetched: 0, reused: 5 });
    const forced = client({ force: true });
    await pullIndex(forced, spec);
    expect(server.count()).toBe(10);
    expect(forced.stats).toEqual({ fetched: 5, reused: 0 });
  });

  it('offline never touches the network', async () => {
    const { server, client } = await setup();
    const e = await failure(pullIndex(client({ offline: true }), spec));
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/--offline: no stored answer to GET \/ru\/Api\/Get/);
    expect(server.count()).toBe(0);
    await pullIndex(client(), spec);
    const offline = client({ offline: true });
    await pullIndex(offline, spec);
    expect(offline.stats).toEqual({ fetched: 0, reused: 5 });
    expect(server.count()).toBe(5);
  });
});

describe('faults', () => {
  it('500 then success: retried', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetSegmentList', { kind: 'status', status: 500 });
    const c = client();
    const pulled = await pullIndex(c, spec);
    expect(server.count('GetSegmentList')).toBe(2);
    expect(pulled.answers[2]!.sidecar.attempts).toBe(2);
    expect(c.stats.fetched).toBe(5);
  });

  it('429 with Retry-After: waits as long as it says, then succeeds', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetPeriodList', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '1' },
    });
    await pullIndex(client(), spec);
    const asked = server.seen.filter((r) => r.endpoint === 'GetPeriodList');
    expect(asked).toHaveLength(2);
    // Honoured: the second attempt came no sooner than the server asked (a lower bound, not a speed test).
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(950);
    // ... and the requests after it waited too: the pause holds back the whole source.
    const later = server.seen.filter((r) => r.endpoint === 'GetSegmentList');
    expect(later[0]!.at - asked[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('429 asking for longer than the pull waits: a clear exit 5 at once', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetPeriodList', {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '3600' },
    });
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/Taldau asked to wait 3600 s before GET .*GetPeriodList.*waits at most 120 s/);
    expect(server.count('GetPeriodList')).toBe(1);
  });

  it('a hung connection times out and is retried', async () => {
    const { server, client } = await setup({ http: { timeoutMs: 300 } });
    server.fail((r) => r.endpoint === 'GetIndexTreeData' && r.form.p_parent_id === '741880', {
      kind: 'hang',
    });
    const pulled = await pullIndex(client(), spec);
    expect(server.count('GetIndexTreeData')).toBe(3);
    expect(pulled.data[1]!.data).toHaveLength(3);
  });

  it('a connection cut mid-body is retried', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetIndexAttributes', { kind: 'cut' });
    await pullIndex(client(), spec);
    expect(server.count('GetIndexAttributes')).toBe(2);
  });

  it('a source that keeps failing: exit 5 naming the request and the answer', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetSegmentList', { kind: 'status', status: 502 }, 100);
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(
      /Taldau kept failing: GET http:\/\/127\.0\.0\.1:\d+\/ru\/Api\/GetSegmentList\?indexId=2709379&periodId=7: 502 Bad Gateway \(4 attempts/,
    );
    expect(server.count('GetSegmentList')).toBe(4);
    expect(server.count('GetIndexTreeData')).toBe(0);
  });

  it('a server that is not there: exit 5', async () => {
    const { server, client } = await setup({ http: { retries: 1 } });
    await server.close();
    servers.length = 0;
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/network error: ECONNREFUSED/);
  });

  it('truncated JSON: stored as received, refused with its file (exit 3), asked again next time', async () => {
    const { server, raw, client } = await setup();
    server.fail((r) => r.endpoint === 'GetPeriodList', { kind: 'truncate' });
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(
      /taldau\/2709379\/GetPeriodList_[0-9a-f]{12}_response\.json: not valid JSON .*truncated/,
    );
    const stored = (await readdir(path.join(raw, 'taldau', '2709379'))).filter((f) =>
      f.startsWith('GetPeriodList'),
    );
    expect(stored).toHaveLength(2);
    const again = client();
    await pullIndex(again, spec);
    expect(server.count('GetPeriodList')).toBe(2);
    expect(server.count('GetIndexAttributes')).toBe(1);
  });

  it('an answer over the size limit is refused (exit 3), not read into memory and not asked again', async () => {
    const { server, raw, client } = await setup({ http: { maxBytes: 64 } });
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/answer to GET .*GetIndexAttributes.* is over the limit of 64 bytes/);
    expect(server.count('GetIndexAttributes')).toBe(1);
    // nothing of it was stored
    const stored = await readdir(path.join(raw, 'taldau', '2709379')).catch(() => [] as string[]);
    expect(stored.filter((f) => f.startsWith('GetIndexAttributes'))).toEqual([]);
  });

  it('a changed field name fails loudly, naming the field', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetIndexTreeData' && r.form.p_parent_id === '741880', {
      kind: 'rename',
      from: 'text',
      to: 'name',
    });
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(
      /GetIndexTreeData_p7_741880_[0-9a-f]{12}_response\.json field \[0\]\.text: missing: the Taldau wire format has changed/,
    );
  });

  it('a renamed field of the period list is named too', async () => {
    const { server, client } = await setup();
    server.fail((r) => r.endpoint === 'GetPeriodList', { kind: 'rename', from: 'name', to: 'title' });
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/field \[0\]\.name: missing/);
  });

  it('a period type the index does not have is a usage error naming the ones it has', async () => {
    const { client } = await setup();
    const e = await failure(pullIndex(client(), { ...spec, period: 'quarter' }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/index 2709379 is not published by quarter \(its period types: Год \(7\);/);
  });
});

describe('an interrupted pull', () => {
  it('resumes after the server died halfway, fetching only what it does not have', async () => {
    const { server, raw, client } = await setup({ http: { retries: 1, concurrency: 1 } });
    // The server dies as the root of the tree is asked for: attributes, periods and segments are stored.
    server.onRequest = (r) => {
      if (r.endpoint === 'GetIndexTreeData') void server.close();
    };
    const e = await failure(pullIndex(client(), spec));
    expect(e.exitCode).toBe(5);
    const stored = (await readdir(path.join(raw, 'taldau', '2709379'))).filter((f) =>
      f.endsWith('_request.json'),
    );
    expect(stored.map((f) => f.split('_')[0]).sort()).toEqual([
      'GetIndexAttributes',
      'GetPeriodList',
      'GetSegmentList',
    ]);

    // A new server (another port: stored answers do not depend on the host).
    const again = await TaldauServer.start([syntheticIndex({ id: '2709379', years: [2021, 2022] })]);
    servers.push(again);
    const resumed = new TaldauClient({
      baseUrl: again.url,
      rawDir: raw,
      offline: false,
      force: false,
      http: fast,
    });
    const pulled = await pullIndex(resumed, spec);
    expect(again.seen.map((r) => r.endpoint)).toEqual(['GetIndexTreeData', 'GetIndexTreeData']);
    expect(resumed.stats).toEqual({ fetched: 2, reused: 3 });
    expect(pulled.data[1]!.data).toHaveLength(3);
  });

  it('writes whole files only: no temporary leftovers, every sidecar matches its body', async () => {
    const { raw, client } = await setup();
    await pullIndex(client(), spec);
    const dir = path.join(raw, 'taldau', '2709379');
    for (const f of await readdir(dir)) {
      expect(f).toMatch(/_(response|request)\.json$/);
      if (f.endsWith('_request.json')) {
        const side = sidecarSchema.parse(JSON.parse(await readFile(path.join(dir, f), 'utf8')));
        const body = await readFile(path.join(dir, f.replace('_request', '_response')));
        expect(side.sha256).toBe(sha256(body));
        expect((await stat(path.join(dir, f))).size).toBeGreaterThan(0);
      }
    }
  });
});

describe('the other /Api/ endpoints', () => {
  it('GetIndexPeriods and GetIndexData are validated and stored like the rest', async () => {
    const { server, raw, client } = await setup();
    const c = client();
    const q = {
      indexId: '2709379',
      periodId: '7',
      measureId: '1',
      termId: '741880',
      terms: ['741880'],
      dicIds: ['67'],
    };
    const periods = await c.indexPeriods(q);
    expect(periods.data.datesIds).toEqual(['500', '501']);
    expect(periods.data.periodNameList).toEqual(['2021 год', '2022 год']);
    const data = await c.indexData('2709379', { periodId: '7', dicIds: ['67'] });
    expect(data.data).toHaveLength(4);
    expect(data.data[0]!.terms).toEqual(['741880']);
    expect(data.pointer).toMatch(/^taldau\/2709379\/GetIndexData_p7_[0-9a-f]{12}_response\.json$/);
    expect(server.count('GetIndexData')).toBe(1);
    server.fail((r) => r.endpoint === 'GetIndexData', { kind: 'rename', from: 'periods', to: 'values' });
    const e = await failure(
      new TaldauClient({
        baseUrl: server.url,
        rawDir: raw,
        offline: false,
        force: true,
        http: fast,
      }).indexData('2709379', {
        periodId: '7',
        dicIds: ['67'],
      }),
    );
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/field \[0\]\.periods: missing/);
  });
});
