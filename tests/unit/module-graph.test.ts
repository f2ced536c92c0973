import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, importsOf } from '../../src/engine/module-graph.ts';
import { tempDir } from '../helpers/cli.ts';

/** What the TypeScript parser finds where the regex it replaced could be fooled. */
describe('the imports of a module, read by the TypeScript parser', () => {
  it('leaves out `import type` and `export type` for what runs, not an import of some types among values', () => {
    const text = [
      "import type { A } from './a.ts';",
      "export type { B } from './b.ts';",
      "import { type C } from './c.ts';",
      "import { d, type D } from './d.ts';",
      "type E = typeof import('./e.ts');",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts']);
    // under verbatimModuleSyntax `import { type C }` stays as `import {} from './c.ts'`: the module runs
    expect(importSpecifiers(text, { runtime: true })).toEqual(['./c.ts', './d.ts']);
  });

  it('counts no import written in a comment or a string', () => {
    const text = [
      '/*',
      "import { a } from './in-block-comment.ts';",
      '*/',
      "const note = `import { b } from './in-template.ts'`;",
      'const s = "import(\'./in-string.ts\')";',
      "  // import { c } from './in-line-comment.ts';",
      "const x = 1; // import('./after-code.ts')",
      "import { real } from './real.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./real.ts']);
  });

  it('reads an import over several lines, and one whose `from` is on a line of its own', () => {
    const text = [
      'import {',
      '  a,',
      '  b as c,',
      '} from "./multi.ts";',
      'export {',
      '  d,',
      '}',
      "  from './re-export.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./multi.ts', './re-export.ts']);
  });

  it('reads a dynamic import with a literal, anywhere in the code, and not one with a computed name', () => {
    const text = [
      'export async function load(name: string) {',
      "  const { a } = await import('./lazy.ts');",
      '  const b = await import(`./template.ts`);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the module's text holds a template literal
      '  return [a, b, await import(`./${name}.ts`), await import(name)];',
      '}',
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./lazy.ts', './template.ts']);
    expect(importSpecifiers(text, { runtime: true })).toEqual(['./lazy.ts', './template.ts']);
  });

  it('resolves a module file’s relative imports and names its packages, Node’s own left out', async () => {
    const dir = await tempDir('kzstat-module-graph-');
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'b.ts'), 'export const b = 1;\n');
    await writeFile(path.join(dir, 't.ts'), 'export type T = 1;\n');
    const a = path.join(dir, 'a.ts');
    await writeFile(
      a,
      [
        "import { readFile } from 'node:fs/promises';",
        "import { z } from 'zod';",
        "import type { T } from './t.ts';",
        "import type { DuckDBValue } from '@duckdb/node-api';",
        "export const load = () => import('./sub/b.ts');",
      ].join('\n'),
    );
    expect(await importsOf(a)).toEqual({
      modules: [path.join(dir, 't.ts'), path.join(dir, 'sub', 'b.ts')],
      packages: ['zod', '@duckdb/node-api'],
    });
    expect(await importsOf(a, { runtime: true })).toEqual({
      modules: [path.join(dir, 'sub', 'b.ts')],
      packages: ['zod'],
    });
  });
});
