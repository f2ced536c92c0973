import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/duckdb.ts';
import { type InputCache, pruneInputCache } from '../../normalise/input-cache.ts';
import { normalise } from '../../normalise/normalise.ts';
import { referenceFingerprint } from '../../normalise/reference.ts';
import type { InputFile } from '../../readers/types.ts';
import { hashJson } from '../../util/hash.ts';
import { codeComponents } from '../code-hash.ts';
import { InputError } from '../errors.ts';
import { readState, workDir } from '../state.ts';
import type { Stage, StageContext, StageOutput } from './types.ts';

/**
 * normalise: the pipeline's raw files -> `observations.parquet` (and
 * `revisions.parquet`) in the stage's cache folder.
 */
export const normaliseStage: Stage = {
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

/** What decides the normalised rows of an input besides the input itself: code, catalogue, registry. */
async function perInputComponents(ctx: StageContext): Promise<Record<string, string>> {
  return {
    ...(await codeComponents([
      'src/readers',
      'src/normalise',
      'sql/normalise',
      'src/engine/stages/normalise.ts',
    ])),
    ...(await referenceFingerprint(ctx.opts.catalogs.map((c) => path.resolve(c)))),
  };
}

async function normaliseInto(ctx: StageContext, db: Db, dir: string): Promise<StageOutput> {
  const inputs = ctx.records.extract!.data.inputs as InputFile[];
  const cache = { dir: inputCacheDir(ctx.opts.outDir), salt: hashJson(await perInputComponents(ctx)) };
  const result = await normalise(db, inputs, dir, { cache });
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
    },
  };
}

/** The normalised rows of each input, shared by the pipelines of one output folder (src/normalise/input-cache.ts). */
function inputCacheDir(outDir: string): string {
  return path.join(workDir(outDir), 'normalised');
}

/** Keeps the inputs of this run and those the other pipelines' last normalise used; the rest goes. */
async function pruneInputs(ctx: StageContext, cache: InputCache, keys: string[]): Promise<void> {
  const keep = new Set(keys);
  const states = await readdir(path.join(workDir(ctx.opts.outDir), 'state')).catch(() => [] as string[]);
  for (const file of states.filter((f) => f.endsWith('.json'))) {
    const name = file.slice(0, -'.json'.length);
    if (name === ctx.pipeline.name) continue;
    const used = (await readState(ctx.opts.outDir, name)).stages.normalise?.data.inputKeys;
    if (Array.isArray(used)) for (const k of used) keep.add(String(k));
  }
  await pruneInputCache(cache, keep);
}
