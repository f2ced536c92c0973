import type { Db } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import type { BulletinLayout } from './bns-layout.ts';

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

/** One raw file going into normalisation, with what is known about how to read it. */
export interface InputFile {
  /** absolute path */
  path: string;
  /** how observations point back at it: relative to the raw folder, or as the user gave it */
  pointer: string;
  reader: ReaderKind;
  /** the indicator of a file that does not name it itself (BNS xlsx, `--input grp=FILE`) */
  indicator?: string;
  /** reader options: sheet, section, unit, ... */
  options: Record<string, string>;
  /** a bulletin's declared layout, read from the sidecar its `layout` option names */
  layout?: BulletinLayout;
  /** that sidecar, recorded among a version's inputs beside the workbook it describes */
  layoutFile?: { pointer: string; sha256: string; bytes: number };
  /** publication or retrieval date; where two sources give the same figure, the newer wins */
  vintage?: string;
  sha256: string;
  bytes: number;
  /** rows or cells to leave out, each with the reason (a known error of the source) */
  skip?: { where: string; reason: string }[];
  /** where the file came from (the source manifest), for the published metadata */
  provenance?: Record<string, string>;
}

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
