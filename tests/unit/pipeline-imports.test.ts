import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';

it('pipelines import from src/ only through its facade, src/index.ts', async () => {
  const files = (await readdir(fromRoot('pipelines'), { recursive: true })).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(4);
  const outside: string[] = [];
  for (const f of files) {
    const text = await readFile(fromRoot('pipelines', f), 'utf8');
    for (const m of text.matchAll(/from '([^']+)'/g)) {
      const target = path.relative(fromRoot(), path.resolve(fromRoot('pipelines', path.dirname(f)), m[1]!));
      if (target.startsWith('src') && target !== path.join('src', 'index.ts'))
        outside.push(`pipelines/${f}: ${m[1]}`);
    }
  }
  expect(outside).toEqual([]);
});
