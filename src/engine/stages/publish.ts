import { hashJson } from '../../core/hash.ts';
import { duckdbVersion, engineVersion } from '../../core/version.ts';
import { latestVersion, readDatapackage } from '../../publish/versions.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import { type StageOutputs, stageOutputs } from './outputs.ts';
import { type Stage, type StageContext, stageFile } from './types.ts';

/**
 * publish: a new immutable version of the pipeline's dataset, unless its
 * content equals the latest version's. The datapackage records what produced
 * it: inputs with their sha256, parameters, stage fingerprints, warnings.
 */
function contentHash(ctx: StageContext): string {
  const tables = ctx.records.compute!.data.tables;
  return hashJson(Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.hash])));
}

export const publishStage: Stage<StageOutputs['publish']> = {
  output: stageOutputs.publish,
  hasOutput: false,
  async components(ctx) {
    return {
      'upstream:compute': ctx.fingerprints.compute!,
      'upstream:check': ctx.fingerprints.check!,
      ...(await codeComponents({ modules: [moduleFile(import.meta.url)], files: [] }, ctx.code)),
    };
  },
  async intact(ctx, record) {
    const latest = await latestVersion(ctx.workspace.outDir, ctx.pipeline.dataset);
    if (!latest) return false;
    if (record.data.version === latest) return true;
    const pkg = await readDatapackage<{ kzstat?: { content_hash?: string } }>(
      ctx.workspace.outDir,
      ctx.pipeline.dataset,
      latest,
    );
    return pkg?.kzstat?.content_hash === record.data.contentHash;
  },
  async run(ctx) {
    const db = await ctx.db();
    const { tables, notes } = ctx.records.compute!.data;
    const inputs = ctx.records.extract!.data.inputs;
    const hash = contentHash(ctx);
    const warnings = (['normalise', 'compute', 'check'] as const).flatMap(
      (s) => ctx.records[s]?.warnings ?? [],
    );
    // loaded when the stage runs: a run whose stages are all cached publishes nothing
    const { publishDataset } = await import('../../publish/publish.ts');
    const result = await publishDataset({
      db,
      outDir: ctx.workspace.outDir,
      dataset: ctx.pipeline.dataset,
      title: ctx.pipeline.title,
      description: [ctx.pipeline.description, ...notes].join('\n\n'),
      tables: ctx.pipeline.tables.map((spec) => ({
        spec,
        file: stageFile(ctx, tables[spec.name]!.stage, tables[spec.name]!.file),
        rows: tables[spec.name]!.rows,
        gaps: tables[spec.name]!.gaps,
        contentHash: tables[spec.name]!.hash,
        ...(tables[spec.name]!.parts
          ? {
              parts: tables[spec.name]!.parts!.map((p) => ({
                ...p,
                file: stageFile(ctx, tables[spec.name]!.stage, p.file),
              })),
            }
          : {}),
      })),
      // the id the parts written in this run name in their footers, if any were
      ...(ctx.memo.version ? { version: ctx.memo.version } : {}),
      contentHash: hash,
      sources: inputs.map((i) => ({
        title: i.provenance?.title ?? i.pointer,
        ...(i.provenance?.url ? { path: i.provenance.url } : {}),
        ...(i.provenance ?? {}),
        file: i.pointer,
      })),
      provenance: {
        run_id: ctx.runId,
        pipeline: ctx.pipeline.name,
        engine: { kzstat: engineVersion, duckdb: duckdbVersion },
        parameters: ctx.params,
        inputs: inputs.flatMap((i) => [
          {
            path: i.pointer,
            sha256: i.sha256,
            bytes: i.bytes,
            reader: i.reader,
            ...(i.indicator ? { indicator: i.indicator } : {}),
            ...(Object.keys(i.options).length ? { options: i.options } : {}),
            ...(i.vintage ? { vintage: i.vintage } : {}),
            ...(i.skip?.length ? { skipped: i.skip } : {}),
          },
          // a bulletin's layout declaration decides which cell is which figure: it is an input too
          ...(i.layoutFile
            ? [
                {
                  path: i.layoutFile.pointer,
                  sha256: i.layoutFile.sha256,
                  bytes: i.layoutFile.bytes,
                  describes: i.pointer,
                },
              ]
            : []),
        ]),
        fingerprints: ctx.fingerprints,
        warnings,
      },
    });
    if (result.timings)
      ctx.log.debug(`publish steps (ms): ${JSON.stringify(result.timings)}`, {
        publishSteps: result.timings,
      });
    // a version folder holds a copy where it would hold a link only when the file system refuses links
    const copies = (result.copied ?? []).map((table) => ({
      check: 'carried over by copy',
      message: `${ctx.pipeline.dataset}.${table}: unchanged, but copied from ${result.previous}, as the file system refused a hard link`,
    }));
    // what a version of tables in parts cost: the parts it wrote, of all it holds
    const parts = Object.entries(result.parts ?? {}).map(
      ([table, p]) => `${table}: ${p.added.length} of ${p.added.length + p.carried} parts new`,
    );
    return {
      ...(parts.length ? { note: parts.join('; ') } : {}),
      warnings: [...(result.revised ?? []), ...copies],
      data: {
        version: result.version ?? result.previous ?? null,
        unchanged: result.unchanged,
        contentHash: hash,
      },
    };
  },
};
