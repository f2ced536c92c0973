import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkParamNames,
  parameterDocs,
  parseParams,
  undescribedParameters,
} from '../../src/core/parameters.ts';

const schema = z.object({
  method: z.enum(['a', 'b']).default('a').describe('the method'),
  share: z.number().gt(0).max(1).default(0.5).describe('a share'),
  years: z.number().int().min(2).default(5).describe('years'),
  base: z.number().int().nullable().default(null).describe('null: the first year'),
  chapters: z.array(z.string()).default(['25']).describe('chapters'),
  bounds: z
    .record(z.string(), z.tuple([z.number(), z.number()]))
    .default({})
    .describe('per name'),
  file: z
    .unknown()
    .transform((v) => v)
    .default({})
    .meta({ accepts: 'a JSON object or a CSV file' })
    .describe('read by itself'),
  vintage: z.enum(['1997', '2018']).default('1997').describe('borders'),
  flag: z.boolean().default(true).describe('a flag'),
  needed: z.number().describe('no default'),
});

describe('parameter docs from the schema', () => {
  it('give the values each takes, its default and its description, in declared order', () => {
    const docs = parameterDocs(schema);
    expect(docs.map((d) => [d.name, d.type, d.default])).toEqual([
      ['method', 'a | b', 'a'],
      ['share', 'number in (0, 1]', 0.5],
      ['years', 'integer >= 2', 5],
      ['base', 'integer or null', null],
      ['chapters', 'list of string', ['25']],
      ['bounds', 'object of name -> [number, number]', {}],
      ['file', 'a JSON object or a CSV file', {}],
      ['vintage', '1997 | 2018', '1997'],
      ['flag', 'boolean', true],
      ['needed', 'number', undefined],
    ]);
    expect('default' in docs.at(-1)!).toBe(false);
    expect(docs[3]!.description).toBe('null: the first year');
  });

  it('name the parameters declared without a description', () => {
    expect(
      undescribedParameters(z.object({ a: z.number().default(1), b: z.number().describe('b') })),
    ).toEqual(['a']);
  });
});

describe('--param values', () => {
  const pipeline = { name: 'p', params: schema.partial({ needed: true }) };

  it('are read as JSON unless the parameter wants text', () => {
    const p = parseParams(pipeline, { share: '0.25', vintage: '2018', method: 'b', chapters: '["27","71"]' });
    expect(p).toMatchObject({ share: 0.25, vintage: '2018', method: 'b', chapters: ['27', '71'] });
  });

  it('out of range say so, not that a number was text', () => {
    expect(() => parseParams(pipeline, { years: '1' })).toThrow(
      'invalid --param for p: years: Too small: expected number to be >=2',
    );
    expect(() => parseParams(pipeline, { years: 'five' })).toThrow(
      'invalid --param for p: years: Invalid input: expected number, received string',
    );
  });

  it('for one pipeline are scoped by its name, and an unknown name is refused', () => {
    expect(parseParams(pipeline, { 'other.share': '0.9', 'p.share': '0.1' }).share).toBe(0.1);
    expect(() => checkParamNames([pipeline], { 'p.shares': '1' })).toThrow("unknown parameter 'p.shares'");
  });
});
