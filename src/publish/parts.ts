import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Db, lit, parquetOptions } from '../core/duckdb.ts';
import { failpoint } from '../core/failpoint.ts';
import { fsyncPath, linkOrCopy } from '../core/fs.ts';
import { sha256File } from '../core/hash.ts';
import { safeJoin } from '../core/paths.ts';
import type { TableSpec } from '../core/pipeline.ts';
import type { Resource } from './datapackage.ts';
import { footerFits } from './footer.ts';

/**
 * A table published as parts (docs/publishing.md, "Parts"): a folder `<table>/` of Parquet files, each in
 * key order and named by a hash of its rows, so two versions holding a file of the same name hold the same
 * rows. A new version links each part the previous version already has (a copy where the file system
 * refuses links); a part it does not have is the file the stage before wrote, linked as it is when its
 * footer already names this version, else written again with that footer.
 */
export interface Part {
  /** the stage's file */
  file: string;
  rows: number;
  /** of its content (src/core/content-hash.ts): the part's name */
  hash: string;
}

/** One part as the datapackage lists it. */
export interface PartFile {
  path: string;
  bytes: number;
  hash: string;
  rows?: number;
}

export interface PartsWritten {
  files: PartFile[];
  /** parts linked from the previous version */
  carried: number;
  /** of all parts linked, those copied because the file system refused a link */
  copied: number;
  /** the parts new in this version, written or linked from the stage's file */
  added: string[];
}

const PART_NAME = /^[^/]+\/[0-9a-f]{32}\.parquet$/;

/** The parts of a resource named by their content, by path (none for a single file or a Hive folder). */
export function contentParts(r: Resource): Map<string, PartFile> {
  const files = r.files ?? [];
  return new Map(files.filter((f) => PART_NAME.test(f.path)).map((f) => [f.path, f]));
}

/** A Parquet file's key-value footer as text. */
export async function readFooter(db: Db, file: string): Promise<Record<string, string>> {
  const rows = await db.all<{ k: string; v: string }>(
    `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${lit(file)})`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

export async function writeParts(
  db: Db,
  spec: TableSpec,
  parts: Part[],
  tmp: string,
  footer: Record<string, string>,
  previous: { dir: string; parts: Map<string, PartFile> } | undefined,
): Promise<PartsWritten> {
  await mkdir(safeJoin(tmp, spec.name), { recursive: true });
  const out: PartsWritten = { files: [], carried: 0, copied: 0, added: [] };
  const seen = new Set<string>();
  for (const part of parts) {
    const rel = `${spec.name}/${part.hash}.parquet`;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const to = path.join(tmp, rel);
    const old = previous?.parts.get(rel);
    if (old && (await sizeOf(path.join(previous!.dir, rel))) === old.bytes) {
      if (await linkOrCopy(path.join(previous!.dir, rel), to)) out.copied++;
      out.files.push(old);
      out.carried++;
      continue;
    }
    if (footerFits(await readFooter(db, part.file), footer)) {
      if (await linkOrCopy(part.file, to)) out.copied++;
    } else
      await db.run(
        `COPY (SELECT * FROM read_parquet(${lit(part.file)})) TO ${lit(to)} (${parquetOptions(footer)})`,
      );
    fsyncPath(to);
    out.files.push({
      path: rel,
      bytes: (await stat(to)).size,
      hash: `sha256:${await sha256File(to)}`,
      rows: part.rows,
    });
    out.added.push(rel);
    failpoint('publish:part-written');
  }
  return out;
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => -1,
  );
}
