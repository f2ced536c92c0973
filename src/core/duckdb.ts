import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';

/**
 * The one door to DuckDB. Everything set-based (reading CSV/Parquet, joins,
 * indices, writing Parquet) happens behind it; JavaScript sees only small
 * results such as problem lists and summaries.
 */
export interface DbOptions {
  /** a database file for spilling large runs; in memory by default */
  path?: string;
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
}

export type Row = Record<string, unknown>;

export class Db {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(opts: DbOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
    if (opts.threads) config.threads = String(opts.threads);
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    if (opts.tempDirectory) config.temp_directory = opts.tempDirectory;
    // Nothing may be downloaded at run time; fail at once rather than hang on the network.
    config.autoinstall_known_extensions = 'false';
    config.autoload_known_extensions = 'true';
    // Loaded on first use: a run whose stages are all cached never needs the native library.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(opts.path ?? ':memory:', config);
    const connection = await instance.connect();
    return new Db(instance, connection);
  }

  async run(sql: string, params?: Record<string, DuckDBValue>): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain JS objects; BIGINT/HUGEINT arrive as bigint, so cast counts to INTEGER in SQL. */
  async all<T extends Row = Row>(sql: string, params?: Record<string, DuckDBValue>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  async one<T extends Row = Row>(sql: string, params?: Record<string, DuckDBValue>): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  async value<T = unknown>(sql: string, params?: Record<string, DuckDBValue>): Promise<T> {
    const row = await this.one(sql, params);
    if (!row) throw new Error(`query returned no row: ${sql.slice(0, 200)}`);
    return Object.values(row)[0] as T;
  }

  async tableExists(name: string): Promise<boolean> {
    const n = await this.value<number>(
      'SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = $name',
      { name },
    );
    const v = await this.value<number>(
      'SELECT count(*)::INTEGER FROM duckdb_views() WHERE view_name = $name',
      {
        name,
      },
    );
    return n + v > 0;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A string literal for SQL text where a prepared parameter cannot go (COPY targets, table functions). */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The options of every Parquet file kzstat writes to be published (zstd, DuckDB's default row groups),
 * with `footer` as the file's key-value metadata: written the same way wherever a part is first made,
 * so a published version can hold that very file.
 */
export function parquetOptions(footer?: Record<string, string>): string {
  const kv = Object.entries(footer ?? {});
  return [
    'FORMAT parquet',
    'COMPRESSION zstd',
    'ROW_GROUP_SIZE 122880',
    ...(kv.length ? [`KV_METADATA {${kv.map(([k, v]) => `${lit(k)}: ${lit(v)}`).join(', ')}}`] : []),
  ].join(', ');
}
