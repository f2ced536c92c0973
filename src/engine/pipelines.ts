import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { PipelineError, UsageError } from '../core/errors.ts';
import { undescribedParameters } from '../core/parameters.ts';
import { fromRoot } from '../core/paths.ts';
import type { Pipeline, PipelineDefinition } from '../core/pipeline.ts';
import { tableContracts } from '../models/contracts.ts';
import { withOrderedModels } from '../models/order.ts';

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

const loaded = new Map<string, Promise<LoadedPipeline>>();

async function pipelineFolders(): Promise<string[]> {
  return (await readdir(fromRoot('pipelines'), { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
}

/**
 * One pipeline's definition, imported on its own, its models ordered and checked (DuckDB parsing
 * them) as it is loaded: a mistake in one pipeline's definition stops only the runs that select it.
 */
function loadPipeline(name: string): Promise<LoadedPipeline> {
  let p = loaded.get(name);
  if (!p) {
    p = (async () => {
      const file = `pipelines/${name}/pipeline.ts`;
      const mod = (await import(pathToFileURL(fromRoot('pipelines', name, 'pipeline.ts')).href)) as {
        default?: PipelineDefinition;
      };
      if (!mod.default)
        throw new PipelineError(file, 'it has no default export (a definePipeline(...) call)');
      if (mod.default.name !== name)
        throw new PipelineError(
          file,
          `it declares the name '${mod.default.name}': the folder name is the pipeline's name`,
        );
      const undescribed = undescribedParameters(mod.default.params);
      if (undescribed.length)
        throw new PipelineError(
          file,
          `its parameter${undescribed.length > 1 ? 's' : ''} ${undescribed.join(', ')} ${undescribed.length > 1 ? 'have' : 'has'} no description: give each one with .describe('...') in its schema, which is where kzstat list and docs/parameters.md read it from`,
        );
      const steps = await withOrderedModels(mod.default.steps);
      return { pipeline: { ...mod.default, steps, tables: await tableContracts(name) }, file };
    })();
    loaded.set(name, p);
  }
  return p;
}

/** `observations` (the normalised base) first, the index pipelines after it in name order. */
const inRunOrder = (names: string[]) =>
  [...names].sort((a, b) =>
    a === 'observations' ? -1 : b === 'observations' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );

export async function loadPipelines(): Promise<LoadedPipeline[]> {
  const out: LoadedPipeline[] = [];
  for (const name of inRunOrder(await pipelineFolders())) out.push(await loadPipeline(name));
  return out;
}

/** The pipelines named (all when none is), importing only those. */
export async function selectPipelines(names: string[]): Promise<LoadedPipeline[]> {
  if (names.length === 0) return loadPipelines();
  const folders = await pipelineFolders();
  for (const n of names)
    if (!folders.includes(n))
      throw new UsageError(`unknown pipeline '${n}' (pipelines: ${inRunOrder(folders).join(', ')})`);
  const out: LoadedPipeline[] = [];
  for (const n of names) out.push(await loadPipeline(n));
  return out;
}
