import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PipelineError, UsageError } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import type { Pipeline } from '../core/pipeline.ts';

/**
 * The pipelines are the folders of `pipelines/`, each with its definition in
 * `pipeline.ts`: the file system is the registry. `observations` (the
 * normalised base) comes first, the index pipelines after it in name order.
 */
export interface LoadedPipeline {
  pipeline: Pipeline;
  /** project-relative path of its pipeline.ts, part of the compute fingerprint */
  file: string;
}

let loaded: LoadedPipeline[] | undefined;

export async function loadPipelines(): Promise<LoadedPipeline[]> {
  if (loaded) return loaded;
  const dir = fromRoot('pipelines');
  const folders = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
  const out: LoadedPipeline[] = [];
  for (const name of folders) {
    const file = `pipelines/${name}/pipeline.ts`;
    const mod = (await import(pathToFileURL(path.join(dir, name, 'pipeline.ts')).href)) as {
      default?: Pipeline;
    };
    if (!mod.default) throw new PipelineError(file, 'it has no default export (a definePipeline(...) call)');
    if (mod.default.name !== name)
      throw new PipelineError(
        file,
        `it declares the name '${mod.default.name}': the folder name is the pipeline's name`,
      );
    out.push({ pipeline: mod.default, file });
  }
  out.sort((a, b) => (a.pipeline.name === 'observations' ? -1 : b.pipeline.name === 'observations' ? 1 : 0));
  loaded = out;
  return out;
}

export async function selectPipelines(names: string[]): Promise<LoadedPipeline[]> {
  const all = await loadPipelines();
  if (names.length === 0) return all;
  return names.map((n) => {
    const p = all.find((x) => x.pipeline.name === n);
    if (!p)
      throw new UsageError(
        `unknown pipeline '${n}' (pipelines: ${all.map((x) => x.pipeline.name).join(', ')})`,
      );
    return p;
  });
}
