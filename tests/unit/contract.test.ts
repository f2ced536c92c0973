import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../src/core/table.ts';
import { arrowSchema } from '../../src/publish/arrow-schema.ts';
import { arrowTypeNames } from '../../src/publish/contract.ts';

describe('column contract', () => {
  it('names each type as Arrow itself does', () => {
    const types = Object.keys(arrowTypeNames) as ColumnType[];
    const schema = arrowSchema(types.map((t) => ({ name: t, type: t, description: t })));
    for (const f of schema.fields) expect(f.type.toString()).toBe(arrowTypeNames[f.name as ColumnType]);
  });

  it('carries nullability and descriptions into the Arrow schema', () => {
    const schema = arrowSchema([
      { name: 'region_kato', type: 'string', required: true, description: 'KATO code' },
      { name: 'value', type: 'double', description: 'the figure', unit: 'million tenge' },
    ]);
    expect(schema.fields.map((f) => [f.name, f.nullable, f.metadata.get('description')])).toEqual([
      ['region_kato', false, 'KATO code'],
      ['value', true, 'the figure'],
    ]);
    expect(schema.fields[1]!.metadata.get('unit')).toBe('million tenge');
  });
});
