import { describe, expect, it } from 'vitest';
import type { TableSpec } from '../../src/core/pipeline.ts';
import { partsToCheck } from '../../src/engine/stages/check.ts';
import type { TableOutput } from '../../src/engine/stages/outputs.ts';

/**
 * The generic checks of a table in parts read only the parts the last check did not pass, and only
 * where that is exact: no key can be in two parts because the parts split the table by a key column.
 */
const spec = (primaryKey: string[], parts: TableSpec['parts']): TableSpec => ({
  name: 'harmonised',
  title: 't',
  description: 'd',
  primaryKey,
  columns: [
    { name: 'indicator', type: 'string', required: true, description: 'i' },
    { name: 'region_kato', type: 'string', required: true, description: 'r' },
  ],
  parts,
});
const output: TableOutput = {
  stage: 'compute',
  file: 'harmonised/*.parquet',
  rows: 3,
  hash: 'h',
  parts: [
    { file: 'harmonised/a.parquet', rows: 1, hash: 'a', indicators: ['grp'] },
    { file: 'harmonised/b.parquet', rows: 2, hash: 'b', indicators: ['gva'] },
  ],
};

describe('which parts the generic checks read', () => {
  const byIndicator = spec(['indicator', 'region_kato'], { by: 'indicator' });
  const first = partsToCheck(byIndicator, output, new Set())!;

  it('every part on a first check, each named by table, contract and content', () => {
    expect(first.fresh.map((p) => p.hash)).toEqual(['a', 'b']);
    expect(first.all).toHaveLength(2);
  });

  it('only the parts not passed before', () => {
    const again = partsToCheck(
      byIndicator,
      {
        ...output,
        parts: [output.parts![0]!, { ...output.parts![1]!, hash: 'c', file: 'harmonised/c.parquet' }],
      },
      new Set(first.all),
    )!;
    expect(again.fresh.map((p) => p.hash)).toEqual(['c']);
  });

  it('every part again when the contract changed', () => {
    const wider = {
      ...byIndicator,
      columns: [...byIndicator.columns, { name: 'value', type: 'double' as const, description: 'v' }],
    };
    expect(partsToCheck(wider, output, new Set(first.all))!.fresh).toHaveLength(2);
  });

  it('the whole table when its parts do not split it by a key column (a key could be in two parts)', () => {
    expect(
      partsToCheck(spec(['region_kato'], { by: 'indicator' }), output, new Set(first.all)),
    ).toBeUndefined();
  });

  it('parts by input split by indicator', () => {
    expect(partsToCheck(spec(['indicator', 'region_kato'], 'inputs'), output, new Set())?.fresh).toHaveLength(
      2,
    );
  });
});
