import path from 'node:path';
import type { Db } from '../../core/duckdb.ts';
import { InputError } from '../../core/errors.ts';
import { hashJson } from '../../core/hash.ts';
import { normalise } from '../../normalise/normalise.ts';
import { referenceFingerprint } from '../../normalise/reference.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import { type StageOutputs, stageOutputs } from './outputs.ts';
import type { Stage, StageContext, StageResult } from './types.ts';

/**
 * normalise: the pipeline's raw files -> `observations.parquet` (and
 * `revisions.parquet`) in the stage's cache folder.
 */
export const normaliseStage: Stage<StageOutputs['normalise']> = {
  output: stageOutputs.normalise,
  hasOutput: true,
  async components(ctx) {
    return {
      'upstream:extract': ctx.fingerprints.extract!,
      ...(await codeComponents({ modules: [moduleFile(import.meta.url)], files: ['src/normalise/sql'] })),
      ...(await referenceFingerprint(ctx.opts.catalogs.map((c) => path.resolve(c)))),
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

async function normaliseInto(
  ctx: StageContext,
  db: Db,
  dir: string,
): Promise<StageResult<StageOutputs['normalise']>> {
  const inputs = ctx.records.extract!.data.inputs;
  const result = await normalise(db, inputs, dir);
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
  return {
    rows: result.rows,
    warnings,
    data: { rowsByInput: result.rowsByInput, revisions: result.revisions, indicators: present },
  };
}
