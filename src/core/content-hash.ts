import { type Db, lit } from './duckdb.ts';
import { hashJson } from './hash.ts';

/**
 * What a set of rows holds, whatever file, compression or row order they come in: their count and the
 * sum of their row hashes (an integer sum, so the same on any number of threads). Two parts with equal
 * content hashes hold the same rows, which is what lets a version carry a part over instead of writing it.
 */
export async function rowsContent(db: Db, relation: string): Promise<{ rows: number; sum: string }> {
  const r = await db.one<{ rows: number; h: bigint | null }>(
    `SELECT count(*)::INTEGER AS rows, sum(hash(t))::HUGEINT AS h FROM ${relation} t`,
  );
  return { rows: r!.rows, sum: String(r!.h ?? 0) };
}

/** The name of a part: 32 hex digits of the hash of its content. */
export function partHash(content: { rows: number; sum: string }): string {
  return hashJson(['part', content.rows, content.sum]).slice(0, 32);
}

/** The content hash of one Parquet file's rows, as a part name. */
export async function fileContentHash(db: Db, file: string): Promise<{ rows: number; hash: string }> {
  const c = await rowsContent(db, `read_parquet(${lit(file)})`);
  return { rows: c.rows, hash: partHash(c) };
}
