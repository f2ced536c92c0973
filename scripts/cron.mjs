#!/usr/bin/env node
// The command crontab runs: `node scripts/cron.mjs [--out DIR] [--raw DIR] [--keep N] [--log-dir DIR] [-- kzstat run args]`.
//
// Runs the pipelines once, writes one JSON-lines log per run (start, every
// diagnostic of the run, its summary, end with the exit code), keeps the last
// N logs (default 30), prints one line a person reading cron mail wants, and
// exits with the run's own code, so a failing source (5) or a bad extract (3)
// is visible to whatever watches cron. Under that line come the run's new
// warnings in full, grouped by kind, and the known ones counted in one line
// (src/cli/warnings.ts, as at a terminal).
import { register } from 'tsx/esm/api';
import { $, argv, fs, path } from 'zx';

register();
const { formatWarnings, warningCounts } = await import('../src/cli/warnings.ts');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.resolve(argv.out ?? 'data/out');
const keep = Number(argv.keep ?? 30);
const logDir = path.resolve(argv['log-dir'] ?? path.join(out, '.kzstat', 'runs'));
const passThrough = argv._.map(String);
if (!Number.isInteger(keep) || keep < 1) {
  console.error(`kzstat-cron: --keep must be a whole number of at least 1, not '${argv.keep}'`);
  process.exit(2);
}

const started = new Date();
const stamp = started.toISOString().replace(/[-:]/g, '').replace('.', '_');
await fs.mkdir(logDir, { recursive: true });
const logFile = path.join(logDir, `${stamp}-${process.pid}.jsonl`);
const lines = [{ event: 'start', ts: started.toISOString(), out, args: passThrough }];

const args = [
  'run',
  '--json',
  '--log-format',
  'json',
  // the folder as given, relative or not: kzstat resolves it against the same working folder
  '--out',
  argv.out ?? 'data/out',
  ...(argv.raw ? ['--raw', argv.raw] : []),
  ...passThrough,
];
$.verbose = false;
const run = await $({
  nothrow: true,
  cwd: process.cwd(),
})`node ${path.join(root, 'bin', 'kzstat.js')} ${args}`;

for (const line of run.stderr.split('\n').filter((l) => l.trim()))
  try {
    lines.push({ event: 'log', ...JSON.parse(line) });
  } catch {
    lines.push({ event: 'log', level: 'raw', msg: line });
  }
let summary;
try {
  summary = JSON.parse(run.stdout);
  lines.push({ event: 'summary', ...summary });
} catch {
  lines.push({
    event: 'summary',
    status: 'failed',
    error: { code: run.exitCode, message: 'no summary on stdout' },
    stdout: run.stdout,
  });
}
const code = run.exitCode ?? 1;
lines.push({
  event: 'end',
  ts: new Date().toISOString(),
  exit_code: code,
  ms: Date.now() - started.getTime(),
});
await fs.writeFile(logFile, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

const logs = (await fs.readdir(logDir)).filter((f) => f.endsWith('.jsonl')).sort();
for (const old of logs.slice(0, Math.max(0, logs.length - keep)))
  await fs.rm(path.join(logDir, old), { force: true });

const published = summary?.published?.map((p) => `${p.dataset} ${p.version}`) ?? [];
const warnings = summary?.warnings ? warningCounts(summary) : { fresh: 0, known: 0 };
if (code === 0)
  console.log(
    `kzstat: ok in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s; ${published.length ? `published ${published.join(', ')}` : 'nothing new to publish'}; ${warnings.fresh} new warnings, ${warnings.known} known; log ${logFile}`,
  );
else
  console.log(
    `kzstat: FAILED (exit ${code}): ${summary?.error?.message?.split('\n')[0] ?? 'see the log'}; log ${logFile}`,
  );
if (summary?.warnings) for (const line of formatWarnings(summary)) console.log(line);
process.exit(code);
