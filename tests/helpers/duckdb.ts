import { Db } from '../../src/core/duckdb.ts';

/** The rows of one query in a DuckDB of its own (published Parquet read back, BIGINTs as numbers). */
export async function query<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
  const db = await Db.open();
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}
