import path from 'node:path';
import { tableResources } from '../../publish/datapackage.ts';
import { diffTable } from '../../publish/diff.ts';
import { publishDataset } from '../../publish/publish.ts';
import { loadDatapackage } from '../../publish/resolve.ts';
import { datasetDir, latestVersion, readDatapackage } from '../../publish/versions.ts';
import type { InputFile } from '../../readers/types.ts';
import { hashJson } from '../../util/hash.ts';
import { codeComponents } from '../code-hash.ts';
import { duckdbVersion, engineVersion } from '../version.ts';
import type { Stage, StageContext, Warning } from './types.ts';

/**
 * publish: a new immutable version of the pipeline's dataset, unless its
 * content equals the latest version's. The datapackage records what produced
 * it: inputs with their sha256, parameters, stage fingerprints, warnings.
 */
function contentHash(ctx: StageContext): string {
  const tables = ctx.records.compute!.data.tables as Record<string, { hash: string }>;
  return hashJson(Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.hash])));
}

export const publishStage: Stage = {
  hasOutput: false,
  async components(ctx) {
    return {
      'upstream:compute': ctx.fingerprints.compute!,
      'upstream:check': ctx.fingerprints.check!,
      ...(await codeComponents(['src/publish', 'src/engine/stages/publish.ts'])),
    };
  },
  async intact(ctx, record) {
    const latest = await latestVersion(ctx.opts.outDir, ctx.pipeline.dataset);
    if (!latest) return false;
    if (record.data.version === latest) return true;
    const pkg = await readDatapackage<{ kzstat?: { content_hash?: string } }>(
      ctx.opts.outDir,
      ctx.pipeline.dataset,
      latest,
    );
    return pkg?.kzstat?.content_hash === record.data.contentHash;
  },
  async run(ctx) {
    const db = await ctx.db();
    const tables = ctx.records.compute!.data.tables as Record<string, { file: string; rows: number }>;
    const inputs = ctx.records.extract!.data.inputs as InputFile[];
    const hash = contentHash(ctx);
    const warnings = (['normalise', 'compute', 'check'] as const).flatMap(
      (s) => ctx.records[s]?.warnings ?? [],
    );
    const result = await publishDataset({
      db,
      outDir: ctx.opts.outDir,
      dataset: ctx.pipeline.dataset,
      title: ctx.pipeline.title,
      description: [ctx.pipeline.description, ...((ctx.records.compute!.data.notes as string[]) ?? [])].join(
        '\n\n',
      ),
      tables: ctx.pipeline.tables.map((spec) => ({
        spec,
        file: tables[spec.name]!.file,
        rows: tables[spec.name]!.rows,
      })),
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
        inputs: inputs.map((i) => ({
          path: i.pointer,
          sha256: i.sha256,
          bytes: i.bytes,
          reader: i.reader,
          ...(i.indicator ? { indicator: i.indicator } : {}),
          ...(Object.keys(i.options).length ? { options: i.options } : {}),
          ...(i.vintage ? { vintage: i.vintage } : {}),
          ...(i.skip?.length ? { skipped: i.skip } : {}),
        })),
        fingerprints: ctx.fingerprints,
        warnings,
      },
    });
    const revised =
      result.version && result.previous ? await revisionsSince(ctx, result.previous, result.version) : [];
    return {
      warnings: revised,
      data: {
        version: result.version ?? result.previous ?? null,
        path: result.path ?? null,
        unchanged: result.unchanged,
        contentHash: hash,
      },
    };
  },
};

/**
 * A new version that changes or drops figures of the one before it is a
 * revision: the run report says so, table by table, so it is never silent
 * (`kzstat diff` lists the rows). Rows only added are new data, not revisions.
 */
async function revisionsSince(ctx: StageContext, previous: string, version: string): Promise<Warning[]> {
  const out = ctx.opts.outDir;
  const dataset = ctx.pipeline.dataset;
  try {
    const db = await ctx.db();
    const [a, b] = [
      await loadDatapackage(out, dataset, previous),
      await loadDatapackage(out, dataset, version),
    ];
    const before = new Map(tableResources(a).map((r) => [r.table ?? r.name, r]));
    const warnings: Warning[] = [];
    for (const [i, r] of tableResources(b).entries()) {
      const old = before.get(r.table ?? r.name);
      if (!old) continue;
      const d = await diffTable(
        db,
        i,
        { dir: path.join(datasetDir(out, dataset), previous), version: previous, resource: old },
        { dir: path.join(datasetDir(out, dataset), version), version, resource: r },
      );
      const c = d.counts;
      if (c.changed || c.removed)
        warnings.push({
          check: 'revised',
          message: `${dataset}.${d.table}: ${c.changed} ${c.changed === 1 ? 'row' : 'rows'} changed, ${c.removed} removed, ${c.added} added since ${previous} (kzstat diff ${dataset} ${previous} ${version})`,
        });
    }
    return warnings;
  } catch (e) {
    return [
      {
        check: 'revised',
        message: `could not compare ${dataset} ${version} with ${previous}: ${(e as Error).message}`,
      },
    ];
  }
}
