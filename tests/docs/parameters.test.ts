import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parametersDoc } from '../../scripts/parameters-doc.ts';
import { parameterDocs } from '../../src/core/parameters.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { loadPipelines } from '../../src/engine/pipelines.ts';

/**
 * A parameter is documented in one place, its schema's `.describe(...)` in the pipeline's
 * definition; docs/parameters.md is written from there and must not drift from it.
 */
describe('docs/parameters.md', () => {
  it('is what the pipelines declare (npx tsx scripts/parameters-doc.ts writes it)', async () => {
    const text = await readFile(fromRoot('docs', 'parameters.md'), 'utf8');
    expect(text, 'docs/parameters.md is out of date: run npx tsx scripts/parameters-doc.ts').toBe(
      await parametersDoc(),
    );
  });

  it('gives every parameter the values it takes, its default and what it does', async () => {
    const docs = (await loadPipelines()).flatMap(({ pipeline }) => parameterDocs(pipeline.params));
    expect(docs.length).toBeGreaterThan(30);
    for (const d of docs) {
      expect(d.type, d.name).not.toBe('any');
      expect('default' in d, d.name).toBe(true);
      expect(d.description.length, d.name).toBeGreaterThan(10);
    }
  });
});
