import { z } from 'zod';
import type { Db } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { bulletinLayout } from './bns-layout.ts';

export const readerKinds = [
  'tidy-csv',
  'sdg-csv',
  'bns-xlsx',
  'processed-csv',
  'taldau-json',
  'wits-csv',
  'atlas-csv',
] as const;
export type ReaderKind = (typeof readerKinds)[number];

/** One raw file going into normalisation, with what is known about how to read it (recorded by the extract stage). */
export const inputFile = z.object({
  /** absolute path */
  path: z.string(),
  /** how observations point back at it: relative to the raw folder, or as the user gave it */
  pointer: z.string(),
  reader: z.enum(readerKinds),
  /** the indicator of a file that does not name it itself (BNS xlsx, `--input grp=FILE`) */
  indicator: z.string().optional(),
  /** reader options: sheet, section, unit, ... */
  options: z.record(z.string(), z.string()),
  /** a bulletin's declared layout, read from the sidecar its `layout` option names */
  layout: bulletinLayout.optional(),
  /** that sidecar, recorded among a version's inputs beside the workbook it describes */
  layoutFile: z.object({ pointer: z.string(), sha256: z.string(), bytes: z.number() }).optional(),
  /** publication or retrieval date; where two sources give the same figure, the newer wins */
  vintage: z.string().optional(),
  sha256: z.string(),
  bytes: z.number(),
  /** rows or cells to leave out, each with the reason (a known error of the source) */
  skip: z.array(z.object({ where: z.string(), reason: z.string() })).optional(),
  /** where the file came from (the source manifest), for the published metadata */
  provenance: z.record(z.string(), z.string()).optional(),
});
export type InputFile = z.infer<typeof inputFile>;

export interface ReaderContext {
  db: Db;
  /** a folder for transcoded copies and other scratch files */
  scratchDir: string;
  /** a unique suffix for scratch tables of this input */
  tag: string;
}

export interface ReaderResult {
  rows: number;
  problems: Problem[];
  warnings: string[];
  /** a view with the columns of `staged`, for readers that do not copy their rows into it (CSV) */
  relation?: string;
}

export type Reader = (input: InputFile, ctx: ReaderContext) => Promise<ReaderResult>;
