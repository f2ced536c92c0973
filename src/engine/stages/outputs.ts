import { z } from 'zod';
import type { StageName } from '../../core/pipeline.ts';
import { tableGapsSchema } from '../../publish/datapackage.ts';
import { inputFile } from '../../readers/types.ts';

/**
 * What each stage hands to the ones after it, as the state file records it.
 * The schema is the type: a stage returns exactly this, and a cached record
 * is read back through it, so no later stage casts. Files are named relative
 * to the output folder of the stage that wrote them, which the workspace
 * places (workspace.ts), so a record never holds an absolute path of the
 * cache.
 */
/** A part of a table published as parts: its file (relative to the stage's folder), rows and content hash. */
export const tablePart = z.object({
  file: z.string(),
  rows: z.number(),
  hash: z.string(),
  /** the indicators of its rows, for a part of one input (or group) or of one indicator: what compute by indicator reuses */
  indicators: z.array(z.string()).optional(),
});

export const extractOutput = z.object({ inputs: z.array(inputFile) });

export const normaliseOutput = z.object({
  rowsByInput: z.record(z.string(), z.number()),
  revisions: z.number(),
  indicators: z.array(
    z.object({ indicator: z.string(), rows: z.number(), first: z.string(), last: z.string() }),
  ),
  /** the input cache key of each input, in order (src/normalise/input-cache.ts); a state from before it has none */
  inputKeys: z.array(z.string()).default([]),
  /** the inputs normalised in the run, by pointer; the others came from the input cache */
  renormalised: z.array(z.string()).default([]),
  /** the parts of `observations/`, each named by its content when published */
  parts: z.array(tablePart).default([]),
});

/** A table ready to publish: Parquet in the output folder of the stage that wrote it (a file, or a glob of parts). */
export const tableOutput = z.object({
  /** normalise for a table published as normalised (`fromNormalise`), compute otherwise */
  stage: z.enum(['normalise', 'compute']),
  file: z.string(),
  rows: z.number(),
  /** of the content (rows, columns and key), not of the file's bytes */
  hash: z.string(),
  /** why it has no rows, or none for some years its inputs cover */
  gaps: tableGapsSchema.optional(),
  /** a table published as parts: the parts, each a file of its own (and `file` a glob of them) */
  parts: z.array(tablePart).optional(),
});

export const computeOutput = z.object({
  tables: z.record(z.string(), tableOutput),
  /** the steps' notes for the dataset's description */
  notes: z.array(z.string()),
  /** for a pipeline computed by indicator (src/engine/compute-by-indicator.ts): the normalised parts computed from */
  computedFrom: z.array(tablePart).default([]),
  /** ... and what else decided them (normaliseBasis), and the kept tables copied into `kept/` */
  normaliseBasis: z.string().optional(),
  kept: z.array(z.string()).optional(),
});

/** check passes or throws; what it finds worth saying is in its warnings */
export const checkOutput = z.object({
  /** the parts (table, contract, content) that passed the generic checks, which a later check need not read again */
  passedParts: z.array(z.string()).default([]),
  /** what each of the normalisation's checks found in each part of the observations (src/engine/check-by-part.ts) */
  findings: z.record(z.string(), z.array(z.string())).default({}),
});

export const publishOutput = z.object({
  /** the version now latest: the new one, or the one whose content this run repeated */
  version: z.string().nullable(),
  unchanged: z.boolean(),
  contentHash: z.string(),
});

export const stageOutputs = {
  extract: extractOutput,
  normalise: normaliseOutput,
  compute: computeOutput,
  check: checkOutput,
  publish: publishOutput,
} satisfies Record<StageName, z.ZodType>;

export type StageOutputs = { [S in StageName]: z.infer<(typeof stageOutputs)[S]> };
export type TableOutput = z.infer<typeof tableOutput>;
export type TablePart = z.infer<typeof tablePart>;
