import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../core/duckdb.ts';
import { InputError } from '../../core/errors.ts';
import { hashJson } from '../../core/hash.ts';
import { type InputCache, pruneInputCache } from '../../normalise/input-cache.ts';
import { referenceFingerprint } from '../../normalise/reference.ts';
import { footerMetadata } from '../../publish/footer.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import { runVersion } from '../run-version.ts';
import { readState } from '../state.ts';
import { type StageOutputs, stageOutputs } from './outputs.ts';
import type { Stage, StageContext, StageResult } from './types.ts';

/**
 * normalise: the pipeline's raw files -> `observations/` (parts in key order)
 * and `revisions.parquet` in the stage's cache folder. Each input's normalised
 * rows are kept in the workspace's input cache (src/normalise/input-cache.ts),
 * so an input unchanged since an earlier run is not normalised again, and are
 * linked into `observations/` as they are where no other input overlaps them.
 */
export const normaliseStage: Stage<StageOutputs['normalise']> = {
  output: stageOutputs.normalise,
  hasOutput: true,
  async components(ctx) {
    return {
      'upstream:extract': ctx.fingerprints.extract!,
      ...(await perInputComponents(ctx)),
      'param:indicators': hashJson(ctx.pipeline.indicators),
    };
  },
  async run(ctx, dir) {
    const db = await ctx.freshDb();
    try {
      return await normaliseInto(ctx, db, dir);
    } finally {
      db.close();
    }
  },
};

/**
 * What decides the normalised rows of an input besides the input itself: the code this stage imports
 * (its module graph: readers, src/normalise, src/core), the normalise SQL, the catalogue and registry.
 */
async function perInputComponents(ctx: StageContext): Promise<Record<string, string>> {
  return {
    ...(await codeComponents(
      { modules: [moduleFile(import.meta.url)], files: ['src/normalise/sql'] },
      ctx.code,
    )),
    ...(await referenceFingerprint(ctx.opts.catalogs.map((c) => path.resolve(c)))),
  };
}

async function normaliseInto(
  ctx: StageContext,
  db: Db,
  dir: string,
): Promise<StageResult<StageOutputs['normalise']>> {
  const inputs = ctx.records.extract!.data.inputs;
  const cache: InputCache = {
    dir: ctx.workspace.normalisedDir,
    salt: hashJson(await perInputComponents(ctx)),
  };
  // --force distrusts every cache, this one too: each input is read from its file again
  if (ctx.opts.force) await rm(cache.dir, { recursive: true, force: true });
  // loaded when the stage runs: a run whose stages are all cached needs none of the readers
  const { normalise } = await import('../../normalise/normalise.ts');
  // the parts of a table published as normalised are written with the footer the version gives them
  const published = ctx.pipeline.tables.find((t) => t.fromNormalise === 'observations');
  const footer = published
    ? footerMetadata(ctx.pipeline.dataset, await runVersion(ctx), published)
    : undefined;
  const result = await normalise(db, inputs, dir, { cache, ...(footer ? { footer } : {}) });
  await pruneInputs(ctx, cache, result.inputKeys);
  ctx.log.debug(`normalise steps (ms): ${JSON.stringify(result.timings)}`, {
    normaliseSteps: result.timings,
  });

  const present = await db.all<{ indicator: string; rows: number; first: string; last: string }>(
    `SELECT indicator, count(*)::INTEGER AS rows, min(period) AS first, max(period) AS last
       FROM observations GROUP BY indicator ORDER BY indicator`,
  );
  const needs = ctx.pipeline.indicators;
  const warnings = result.warnings.map((message) => ({ check: 'normalise', message }));
  if (needs !== 'all') {
    const have = new Set(present.map((p) => p.indicator));
    const missing = needs.required.filter((i) => !have.has(i));
    if (missing.length)
      throw new InputError(
        `${ctx.pipeline.name} needs ${missing.join(', ')}, which no input provides (inputs: ${inputs.map((i) => i.pointer).join(', ')})`,
      );
    const absent = needs.optional.filter((i) => !have.has(i));
    if (absent.length)
      warnings.push({
        check: 'normalise',
        message: `optional indicators not in the inputs, so not used: ${absent.join(', ')}`,
      });
  }
  const fresh = result.renormalised;
  return {
    rows: result.rows,
    note:
      fresh.length === inputs.length
        ? `normalised every input (${inputs.length})`
        : fresh.length === 0
          ? `every input (${inputs.length}) from the cache`
          : `normalised ${fresh.length} of ${inputs.length} inputs (${fresh.join(', ')}), the others from the cache`,
    warnings,
    data: {
      rowsByInput: result.rowsByInput,
      revisions: result.revisions,
      indicators: present,
      inputKeys: result.inputKeys,
      renormalised: result.renormalised,
      parts: result.parts,
    },
  };
}

/** Keeps the inputs of this run and those the other pipelines' last normalise used; the rest goes. */
async function pruneInputs(ctx: StageContext, cache: InputCache, keys: string[]): Promise<void> {
  const keep = new Set(keys);
  const states = await readdir(ctx.workspace.stateDir).catch(() => [] as string[]);
  for (const file of states.filter((f) => f.endsWith('.json'))) {
    const name = file.slice(0, -'.json'.length);
    if (name === ctx.pipeline.name) continue;
    const used = (await readState(ctx.workspace, name)).stages.normalise?.data.inputKeys;
    for (const k of used ?? []) keep.add(k);
  }
  await pruneInputCache(cache, keep);
}
