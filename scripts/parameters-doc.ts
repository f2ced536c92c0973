/**
 * Writes docs/parameters.md, every pipeline's parameters, from their schemas in each
 * pipelines/<name>/pipeline.ts (their `.describe(...)`), so that the schema is the one place a
 * parameter is documented. tests/docs/parameters.test.ts fails when the file and the schemas drift apart.
 *
 *   npx tsx scripts/parameters-doc.ts
 */

import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parametersMarkdown } from '../src/core/parameters.ts';
import { fromRoot } from '../src/core/paths.ts';
import { loadPipelines } from '../src/engine/pipelines.ts';

export async function parametersDoc(): Promise<string> {
  return parametersMarkdown(
    (await loadPipelines()).map(({ pipeline, file }) => ({
      name: pipeline.name,
      file,
      params: pipeline.params,
    })),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(fromRoot('docs', 'parameters.md'), await parametersDoc());
  console.log('docs/parameters.md');
}
