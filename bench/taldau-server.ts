import { parseArgs } from 'node:util';
import { syntheticIndex, TaldauServer } from '../tests/taldau/server.ts';

/**
 * The bench's Taldau: the test server (SYNTHETIC indices 800000, 800001, ...)
 * in a process of its own, so the client's work does not delay its timers.
 * Prints its URL on stdout and runs until killed.
 */
const { values } = parseArgs({
  options: { indices: { type: 'string', default: '200' }, latency: { type: 'string', default: '50' } },
});
const server = await TaldauServer.start(
  Array.from({ length: Number(values.indices) }, (_, i) =>
    syntheticIndex({ id: String(800000 + i), years: [2019, 2020, 2021, 2022, 2023] }),
  ),
);
server.latencyMs = Number(values.latency);
process.stdout.write(`${server.url}\n`);
