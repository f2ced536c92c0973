import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { cacheDamage, type FileStamp, stampFiles } from '../core/cache-files.ts';
import { readJson, writeJsonAtomic } from '../core/fs.ts';
import { hashJson } from '../core/hash.ts';
import type { InputFile } from '../readers/types.ts';

/**
 * The normalised rows of each input file, kept between runs so that a run in
 * which one input of many changed normalises that input only: one folder per
 * input under `<out>/.kzstat/normalised/<key>/`, holding `rows.parquet` (the
 * input's resolved rows in the published layout and key order, before de-duplication across inputs)
 * and `entry.json` (what else the input gave: row count, warnings, its range
 * of indicators, file stamps).
 *
 * The key is the input's content hash and everything else that decides its
 * rows: how it is read (reader, options, layout, vintage, skips), the name
 * its rows point back at, and `salt` (catalogue, registry and code
 * fingerprints). The cache is shared by every pipeline of an output folder,
 * as the pipelines normalise the same bundled files.
 */
export interface InputCache {
  /** `<out>/.kzstat/normalised` */
  dir: string;
  /** the fingerprint of everything but the input itself */
  salt: string;
}

export interface CachedInput {
  rows: number;
  warnings: string[];
  /** every indicator of its rows, sorted */
  indicatorIds: string[];
  /** of its rows (count and row hashes), which names its part of a published `observations` (src/core/content-hash.ts) */
  content: string;
  /** the publication date of its rows, for revisions between inputs */
  vintage: string | null;
}

interface Entry extends CachedInput {
  key: string;
  pointer: string;
  files: Record<string, FileStamp>;
}

export const ROWS_FILE = 'rows.parquet';
const ENTRY_FILE = 'entry.json';

export function inputKey(cache: InputCache, input: InputFile): string {
  return hashJson({
    salt: cache.salt,
    pointer: input.pointer,
    sha256: input.sha256,
    reader: input.reader,
    indicator: input.indicator,
    options: input.options,
    layout: input.layout,
    vintage: input.vintage,
    skip: input.skip,
  }).slice(0, 24);
}

export function entryDir(cache: InputCache, key: string): string {
  return path.join(cache.dir, key);
}

/** The entry of `key` if it is whole (its files as written), else undefined: it is made again. */
export async function lookup(cache: InputCache, key: string): Promise<CachedInput | undefined> {
  const dir = entryDir(cache, key);
  const entry = await readJson<Entry>(path.join(dir, ENTRY_FILE)).catch(() => undefined);
  // an entry from before parts were named by their content is made again
  if (!entry || entry.key !== key || !entry.files || !entry.content || !entry.indicatorIds) return undefined;
  if (await cacheDamage(dir, entry.files)) return undefined;
  return {
    rows: entry.rows,
    warnings: entry.warnings,
    indicatorIds: entry.indicatorIds,
    content: entry.content,
    vintage: entry.vintage ?? null,
  };
}

/** A folder to write an entry into; `commit` moves it into place whole (rename), so a crash leaves no half entry. */
export async function startEntry(cache: InputCache, key: string): Promise<string> {
  const tmp = path.join(cache.dir, `.tmp-${key}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  return tmp;
}

export async function commitEntry(
  cache: InputCache,
  key: string,
  pointer: string,
  tmp: string,
  made: CachedInput,
): Promise<void> {
  const files = await stampFiles(tmp);
  await writeJsonAtomic(path.join(tmp, ENTRY_FILE), { key, pointer, ...made, files } satisfies Entry);
  const dir = entryDir(cache, key);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

/** Entries no current run needs (`keep`), and leftovers of interrupted writes, are removed. */
export async function pruneInputCache(cache: InputCache, keep: Set<string>): Promise<void> {
  for (const name of await readdir(cache.dir).catch(() => [] as string[]))
    if (!keep.has(name)) await rm(path.join(cache.dir, name), { recursive: true, force: true });
}
