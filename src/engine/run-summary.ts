import { z } from 'zod';
import { STAGES } from '../core/pipeline.ts';

/** What a run prints with --json and returns to its caller: per pipeline, per stage, what happened and why. */
export const stageReport = z.object({
  name: z.enum(STAGES),
  status: z.enum(['ran', 'cached', 'skipped', 'failed', 'would run']),
  rows: z.number().optional(),
  ms: z.number(),
  reason: z.string(),
});
export type StageReport = z.infer<typeof stageReport>;

export const runSummary = z.object({
  run_id: z.string(),
  status: z.enum(['ok', 'failed']),
  pipelines: z.array(z.object({ name: z.string(), dataset: z.string(), stages: z.array(stageReport) })),
  published: z.array(z.object({ dataset: z.string(), version: z.string(), path: z.string() })),
  /** `pipeline`: whose stage gave it; `known`: the previous run of the same inputs gave it too (run-record.ts) */
  warnings: z.array(
    z.object({
      check: z.string(),
      message: z.string(),
      pipeline: z.string().optional(),
      known: z.boolean().optional(),
    }),
  ),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
  /** `<out>/.kzstat/runs/<run_id>.json`: this run's record, with every warning */
  record: z.string().optional(),
});
export type RunSummary = z.infer<typeof runSummary>;
