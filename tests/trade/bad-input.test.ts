import { access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csv, runTrade } from './helpers.ts';

/*
 * SYNTHETIC inputs, each with one mistake: the run must stop, name the file,
 * the row and the value, and publish nothing.
 */
const header = 'indicator,region,period,value,unit,partner,product,flow';
const good = ['exports', 'Republic of Kazakhstan', 2020, 100, 'thousand USD', 'RUS', '', 'export'];
const file = (bad: (string | number)[]) => ({ 'synthetic_bad.csv': csv(header, [good, bad]) });

async function nothingPublished(out: string) {
  await expect(access(path.join(out, 'trade', 'latest'))).rejects.toThrow();
}

describe('bad trade input is refused with file, row and value', () => {
  it('an unknown partner code: exit 3, with a hint when it is a known name', async () => {
    const run = await runTrade(
      file(['exports', 'Republic of Kazakhstan', 2020, 5, 'thousand USD', 'UK', '', 'export']),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /synthetic_bad\.csv row 3: unknown partner 'UK': not an ISO 3166-1 alpha-2 or alpha-3 country code \(registry\/countries\.csv\); did you mean GBR \(United Kingdom\)\?/,
    );
    await nothingPublished(run.out);
  });

  it('a partner code that is no country at all: exit 3 without a hint', async () => {
    const run = await runTrade(
      file(['imports', 'Republic of Kazakhstan', 2020, 5, 'thousand USD', 'XX', '', 'import']),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /synthetic_bad\.csv row 3: unknown partner 'XX': not an ISO 3166-1[^\n]*countries\.csv\)\n/,
    );
    await nothingPublished(run.out);
  });

  it('a negative trade value: exit 4 from the shared value-range check', async () => {
    const run = await runTrade(
      file(['exports', 'Republic of Kazakhstan', 2021, -7, 'thousand USD', 'CHN', '', 'export']),
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /exports for 000000000 2021 is -7, below the minimum 0 \(thousand USD\), at .*synthetic_bad\.csv#row 3/,
    );
    await nothingPublished(run.out);
  });

  it('a flow other than export or import: exit 3', async () => {
    const run = await runTrade(
      file(['exports', 'Republic of Kazakhstan', 2020, 5, 'thousand USD', 'CHN', '', 'transit']),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/synthetic_bad\.csv row 3: flow 'transit' is neither export nor import/);
    await nothingPublished(run.out);
  });

  it('a flow that contradicts the indicator: exit 4', async () => {
    const run = await runTrade(
      file(['exports', 'Republic of Kazakhstan', 2020, 5, 'thousand USD', 'CHN', '', 'import']),
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /exports row for CHN 2020 says flow 'import': an exports figure is an export .*synthetic_bad\.csv#row 3/,
    );
    await nothingPublished(run.out);
  });

  it('a product code that is not HS: exit 3', async () => {
    const run = await runTrade(
      file(['exports', 'Republic of Kazakhstan', 2020, 5, 'thousand USD', 'CHN', '27A', 'export']),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/synthetic_bad\.csv row 3: product '27A' is not an HS code/);
    await nothingPublished(run.out);
  });

  it('no exports or imports at all: exit 3 saying what trade needs', async () => {
    const run = await runTrade({
      'synthetic_grp.csv': csv('indicator,region,period,value,unit', [
        ['grp', 'Akmola Region', 2020, 1, 'million tenge'],
      ]),
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/trade needs exports or imports figures/);
    await nothingPublished(run.out);
  });
});
