import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { importSpecifiers } from '../../src/engine/module-graph.ts';
import { importCycles, importGraph } from './import-graph.ts';

/**
 * The layers point down: src/core (errors, logging, the pipeline and table
 * types, DuckDB's door) imports nothing else of the project; readers,
 * sources, normalise and publish stand on it; the engine runs them; the CLI
 * sits on top. A cycle anywhere means a module cannot be understood (or
 * tested) without the ones that use it.
 */
const graph = await importGraph(projectRoot, ['src', 'pipelines']);

/** From the bottom: a module may import its own layer and the ones below. */
const LAYERS: [string, RegExp][] = [
  ['core', /^src\/core\//],
  ['parts', /^src\/(readers|sources|normalise|publish|inputs|panel|report|models)\//],
  // The facade: all a pipeline imports from the machinery.
  ['facade', /^src\/index\.ts$/],
  ['pipelines', /^pipelines\//],
  ['engine', /^src\/engine\//],
  ['cli', /^src\/cli\//],
];

function layerOf(file: string): number {
  const i = LAYERS.findIndex(([, re]) => re.test(file));
  if (i < 0) throw new Error(`${file}: in no layer; add its folder to LAYERS`);
  return i;
}

describe('import graph', () => {
  it('reads every module of src/ and pipelines/', () => {
    expect(graph.get('src/cli/main.ts')).toContain('src/cli/run.ts');
    expect(graph.get('src/engine/run.ts')).toContain('src/core/errors.ts');
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('keeps src/core on the ground floor', () => {
    const up = [...graph]
      .filter(([file]) => file.startsWith('src/core/'))
      .flatMap(([file, imports]) =>
        imports.filter((i) => !i.startsWith('src/core/')).map((i) => `${file} -> ${i}`),
      );
    expect(up).toEqual([]);
  });

  it('imports only from the same layer or below', () => {
    const up = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => layerOf(i) > layerOf(file)).map((i) => `${file} -> ${i}`),
    );
    expect(up).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find static, type-only, multi-line, re-exported and dynamic imports, and skip comments', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.ts';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "import './side-effect.ts';",
      "const g = await import('./g.ts');",
      "// import { h } from './h.ts';",
      "/** e.g. import { i } from './i.ts' */",
      "const s = 'not an import from here';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      './a.ts',
      '../b.ts',
      './c.ts',
      './e.ts',
      './f.ts',
      './side-effect.ts',
      'zod',
      './g.ts',
    ]);
    // what runs: the type-only import is erased, the mixed one (`c, type D`) is not
    expect(importSpecifiers(text, { runtime: true })).not.toContain('../b.ts');
    expect(importSpecifiers(text, { runtime: true })).toContain('./c.ts');
  });

  it('find a cycle and a module importing itself', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(importCycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
  });
});
