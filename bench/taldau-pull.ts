import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fromRoot } from '../src/core/paths.ts';
import { TaldauClient } from '../src/sources/taldau/client.ts';
import { createHttp } from '../src/sources/taldau/http.ts';
import { pullIndex } from '../src/sources/taldau/pull.ts';

/**
 * How close a Taldau pull comes to the ideal: a pull of N indices (SYNTHETIC,
 * five answers each) from the local test server, which waits `latency` ms
 * before every answer. With C requests in flight the best possible time is
 * requests x latency / C; the ratio measured / ideal says what the client's
 * own work (validation, storing every answer atomically with its sidecar,
 * the dependency chain inside each index) costs on top. Retries are off.
 *
 *   npx tsx bench/taldau-pull.ts [--indices 200] [--latency 50] [--concurrency 4,8,16] [--runs 3] [--write]
 *
 * --write puts the table under "## Taldau pull" in bench/RESULTS.md.
 */
const { values: args } = parseArgs({
  options: {
    indices: { type: 'string', default: '200' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4,8,16' },
    runs: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const N = Number(args.indices);
const latency = Number(args.latency);
const runs = Number(args.runs);
const concurrencies = args.concurrency.split(',').map(Number);

const ids = Array.from({ length: N }, (_, i) => String(800000 + i));
// The server in a process of its own (bench/taldau-server.ts), as a real one would be.
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fromRoot('bench', 'taldau-server.ts'),
    '--indices',
    String(N),
    '--latency',
    String(latency),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(out.trim());
  });
  child.on('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * The same number of bare requests through the same polite fetcher (p-limit,
 * timeout) but nothing stored or validated: what the machine delivers at this
 * concurrency right now, to tell its share of the ratio from the client's.
 */
async function baseline(requests: number, concurrency: number): Promise<number> {
  const http = createHttp({ concurrency, retries: 0, timeoutMs: 30_000 });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      http.request({ method: 'GET', url: `${url}/ru/Api/GetPeriodList?indexId=${ids[i % ids.length]}` }),
    ),
  );
  return performance.now() - t0;
}

/** Round trips of single requests, one at a time: the latency the machine actually delivers right now. */
async function probe(n = 30): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/ru/Api/GetPeriodList?indexId=${ids[i % ids.length]}`);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  return median(times);
}

interface Row {
  concurrency: number;
  probeMs: number[];
  baselineMs: number[];
  requests: number;
  idealMs: number;
  measuredMs: number[];
}
const rows: Row[] = [];
for (const concurrency of concurrencies) {
  const row: Row = { concurrency, probeMs: [], baselineMs: [], requests: 0, idealMs: 0, measuredMs: [] };
  for (let r = 0; r < runs; r++) {
    row.probeMs.push(await probe());
    row.baselineMs.push(await baseline(N * 5, concurrency));
    const raw = await mkdtemp(path.join(os.tmpdir(), 'kzstat-bench-'));
    const client = new TaldauClient({
      baseUrl: url,
      rawDir: raw,
      offline: false,
      force: false,
      http: { concurrency, retries: 0, timeoutMs: 30_000 },
    });
    const t0 = performance.now();
    await Promise.all(ids.map((index) => pullIndex(client, { index, period: 'year', measure: '1' })));
    const ms = performance.now() - t0;
    const requests = client.sent;
    row.requests = requests;
    row.idealMs = (requests * latency) / concurrency;
    row.measuredMs.push(ms);
    process.stderr.write(
      `concurrency ${concurrency} run ${r + 1}/${runs}: ${requests} requests in ${(ms / 1000).toFixed(2)} s (ideal ${(row.idealMs / 1000).toFixed(2)} s, ratio ${(ms / row.idealMs).toFixed(3)}; bare requests ${(row.baselineMs.at(-1)! / row.idealMs).toFixed(3)}; one request alone took ${row.probeMs.at(-1)!.toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(1)})\n`,
    );
    await rm(raw, { recursive: true, force: true });
  }
  rows.push(row);
}
child.kill();

const cpus = os.cpus();
const load = os.loadavg()[0]!.toFixed(1);
const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; the server (bench/taldau-server.ts) runs in a process of its own`;
const table = [
  `Pull of ${N} indices (${rows[0]?.requests ?? 0} requests: attributes, period types, segments, tree root, regions per index) from the local server (\`tests/taldau/server.ts\`) answering each request after ${latency} ms; retries off; every answer validated with zod and stored with its sidecar (atomic writes). Median of ${runs} runs per row, all measured in one invocation on ${new Date().toISOString().slice(0, 10)} by \`npm run bench:taldau\`. "Bare" is the same number of requests through the same fetcher with nothing validated or stored, run just before each pull: what the machine itself delivered at that moment; "alone" is the median round trip of one request at a time (above ${latency} ms when the machine is busy).`,
  '',
  `Machine: ${machine}; load average ${load} at the end (the machine is shared).`,
  '',
  '| concurrency | requests | ideal (requests × latency / concurrency) | measured (median) | ratio to ideal | runs (s) | bare requests: ratio to ideal | alone (ms) |',
  '|---:|---:|---:|---:|---:|---|---:|---:|',
  ...rows.map((r) => {
    const m = median(r.measuredMs);
    return `| ${r.concurrency} | ${r.requests} | ${(r.idealMs / 1000).toFixed(2)} s | ${(m / 1000).toFixed(2)} s | **${(m / r.idealMs).toFixed(3)}** | ${r.measuredMs.map((x) => (x / 1000).toFixed(2)).join(', ')} | ${(median(r.baselineMs) / r.idealMs).toFixed(3)} | ${median(r.probeMs).toFixed(1)} |`;
  }),
].join('\n');
process.stdout.write(`${table}\n`);

if (args.write) {
  const file = fromRoot('bench', 'RESULTS.md');
  let text = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = `## Taldau pull\n\n${table}\n`;
  const start = text.indexOf('## Taldau pull');
  if (start < 0) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + 1);
    text = `${text.slice(0, start)}${section}${next < 0 ? '' : `\n${text.slice(next + 1)}`}`;
  }
  await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`written to ${file}\n`);
}
