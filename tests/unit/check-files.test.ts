import { describe, expect, it } from 'vitest';
import { KzError } from '../../src/core/errors.ts';
import { checkSeverity, findChecks, pipelineChecks } from '../../src/models/checks.ts';
import { OBSERVATION_CHECKS } from '../../src/normalise/layout.ts';

/**
 * A check is a SQL file in a `checks/` folder whose header declares its
 * severity (src/models/checks.ts); the engine finds them, in file-name order.
 */
const file = 'pipelines/x/checks/c.sql';

function refusal(sql: string): string {
  try {
    checkSeverity(file, sql);
  } catch (e) {
    expect(e).toBeInstanceOf(KzError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('the severity line of a check', () => {
  it('is read anywhere in the header comment', () => {
    expect(checkSeverity(file, '-- severity: warn\n-- c: what it guards\nSELECT 1 AS message')).toBe('warn');
    expect(checkSeverity(file, '-- c: what it guards\n--\n-- severity: error\n\nSELECT 1 AS message')).toBe(
      'error',
    );
  });

  it('is refused when missing, repeated, of another value, or after the first SQL line, naming the file', () => {
    const expected = "exactly one line '-- severity: error'";
    for (const [sql, why] of [
      ['-- c (error): what it guards\nSELECT 1 AS message', 'it declares no severity'],
      ['SELECT 1 AS message\n-- severity: error', 'it declares no severity'],
      ['-- severity: error\n-- severity: warn\nSELECT 1 AS message', 'it declares a severity 2 times'],
      ['-- severity: fatal\nSELECT 1 AS message', "it declares the severity 'fatal'"],
    ] as const) {
      const message = refusal(sql);
      expect(message).toContain(`pipeline definition error in ${file}: ${why}`);
      expect(message).toContain(expected);
    }
  });
});

describe('the checks found', () => {
  it('keep the severities they had when each pipeline listed its own, in file-name order', () => {
    const found = (folder: string) => findChecks(folder).map((c) => `${c.sql} ${c.severity}`);
    expect(found(OBSERVATION_CHECKS)).toEqual([
      'src/normalise/checks/republic_vs_regions.sql warn',
      'src/normalise/checks/units_consistent.sql error',
      'src/normalise/checks/value_ranges.sql error',
    ]);
    expect(pipelineChecks('pipelines/structure/pipeline.ts').map((c) => c.severity)).toEqual([
      'warn', // grp_per_capita_vs_published
      'error', // index_ranges
      'error', // shares_sum_to_100
    ]);
    expect(found('pipelines/trade/checks')).toEqual([
      'pipelines/trade/checks/flow_matches_indicator.sql error',
      'pipelines/trade/checks/product_coverage.sql warn',
      'pipelines/trade/checks/products_vs_published.sql warn',
      'pipelines/trade/checks/totals_vs_published.sql warn',
      'pipelines/trade/checks/unclassified_products.sql warn',
      'pipelines/trade/checks/unused_trade_rows.sql warn',
    ]);
  });

  it('are none for a pipeline without a checks folder', () => {
    expect(pipelineChecks('pipelines/innovation/pipeline.ts')).toEqual([]);
  });
});
