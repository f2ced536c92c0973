import { latestVersion, listVersions, newVersionId } from '../publish/versions.ts';
import type { StageContext } from './stages/types.ts';

/**
 * The id the version this run would publish gets, chosen once per pipeline run, the first time a stage
 * writes a file to be published as it is: the parts normalise and compute write name it in their
 * footers, and publish adopts it if it is still newer than every version (publish.ts), so a cold run
 * writes each row once and the version holds those very files.
 */
export async function runVersion(ctx: StageContext): Promise<string> {
  if (!ctx.memo.version) {
    const out = ctx.workspace.outDir;
    const newest = [
      (await listVersions(out, ctx.pipeline.dataset))[0],
      await latestVersion(out, ctx.pipeline.dataset),
    ]
      .filter((v): v is string => v !== undefined)
      .sort()
      .at(-1);
    ctx.memo.version = newVersionId(newest);
  }
  return ctx.memo.version;
}
