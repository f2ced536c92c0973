import path from 'node:path';
import { z } from 'zod';
import { inputErrorFrom, type Problem } from '../core/errors.ts';
import { readJson } from '../core/fs.ts';
import { displayPath } from '../core/paths.ts';
import { readerKinds } from '../readers/types.ts';

/**
 * `sources.json` in a raw folder: every bundled or pulled file, how to read
 * it, which indicators it provides, and where it came from. Pipelines pick
 * the sources that provide the indicators they need.
 */
const provenance = z
  .object({
    publisher: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    origin: z.string().optional(),
    origin_path: z.string().optional(),
    commit: z.string().optional(),
    /** how the copy was made from the origin, where it is not the origin's own file (a format conversion) */
    conversion: z.string().optional(),
    /** the publication date the publisher prints (a bulletin's cover) */
    published: z.string().optional(),
    licence: z.string().optional(),
    notes: z.string().optional(),
  })
  .strict();

export const sourceEntry = z
  .object({
    path: z
      .string()
      .min(1)
      .refine(
        (p) => !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'),
        'must be a path inside the raw folder',
      ),
    reader: z.enum(readerKinds),
    indicators: z.array(z.string()).min(1),
    indicator: z.string().optional(),
    options: z.record(z.string(), z.string()).default({}),
    vintage: z.string().optional(),
    skip: z.array(z.object({ where: z.string(), reason: z.string() }).strict()).default([]),
    provenance,
  })
  .strict();
export type SourceEntry = z.infer<typeof sourceEntry>;

export const manifestSchema = z
  .object({ $comment: z.string().optional(), sources: z.array(sourceEntry) })
  .strict();

export const MANIFEST = 'sources.json';

export async function loadManifest(rawDir: string): Promise<SourceEntry[]> {
  const file = path.join(rawDir, MANIFEST);
  let json: unknown;
  try {
    json = await readJson(file);
  } catch (e) {
    throw inputErrorFrom([{ file: displayPath(file), message: `not valid JSON: ${(e as Error).message}` }]);
  }
  if (json === undefined) return [];
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((i) => ({
      file: displayPath(file),
      where: `field ${i.path.join('.')}`,
      message: i.message,
    }));
    throw inputErrorFrom(problems, `invalid source manifest ${displayPath(file)}`);
  }
  return parsed.data.sources;
}
