import { readFile } from 'node:fs/promises';
import type { Db } from '../core/duckdb.ts';
import { fromRoot } from '../core/paths.ts';

/**
 * The SQL macros every pipeline may call (fmt_num, covers_all: see the file). Not loaded with the
 * reference tables: the normalisation does not call them, so they are part of the compute and check
 * fingerprints rather than of normalise's.
 */
export const SHARED_MACROS = 'src/models/macros.sql';

export async function loadSharedMacros(db: Db): Promise<void> {
  await db.run(await readFile(fromRoot(SHARED_MACROS), 'utf8'));
}
