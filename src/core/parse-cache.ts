import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './fs.ts';
import { sha256 } from './hash.ts';
import { fromRoot } from './paths.ts';

/**
 * What a parser made of a project file (the tables a SQL model reads, the
 * imports of a module), kept between runs under the sha256 of what it parsed
 * and of the parser, so that a run with nothing changed need not load DuckDB
 * or TypeScript to learn it again. It lives in `node_modules/.cache/kzstat/`,
 * where packages keep their caches (`npm ci` clears it); one that cannot be
 * read or written is simply no cache. Errors are never kept: a file that does
 * not parse is parsed again, and says so again, each time.
 */
const CACHE_DIR = fromRoot('node_modules', '.cache', 'kzstat');

/** Entries beyond this many are dropped on saving, those this process used kept: edits only ever add keys. */
const MAX_ENTRIES = 5000;

async function stored<T>(file: string, entry: z.ZodType<T>): Promise<Map<string, T>> {
  const entries = new Map<string, T>();
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(json)) {
      const parsed = entry.safeParse(value);
      if (parsed.success) entries.set(key, parsed.data);
    }
  } catch {
    // missing, cut short or of another shape: everything is parsed again
  }
  return entries;
}

export class ParseCache<T> {
  private readonly used = new Set<string>();
  private saving: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly entry: z.ZodType<T>,
    private readonly entries: Map<string, T>,
  ) {}

  /** The cache `name` (one file per kind of parse), its entries checked against `entry`. */
  static async open<T>(name: string, entry: z.ZodType<T>): Promise<ParseCache<T>> {
    const file = `${CACHE_DIR}/${name}.json`;
    return new ParseCache(file, entry, await stored(file, entry));
  }

  /** The key of a parse: the parser's identity (its version, its code) and the text it reads. */
  static key(parser: string, text: string): string {
    return sha256(`${parser}\0${text}`);
  }

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.used.add(key);
    return value;
  }

  /** Keeps a parse, written out soon after (once for a burst of them). */
  set(key: string, value: T): void {
    this.entries.set(key, value);
    this.used.add(key);
    this.dirty = true;
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.save());
  }

  /** Writes what was added, if anything was; a cache that cannot be written is left as it is. */
  async save(): Promise<void> {
    this.saving = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    // what another run (a test worker beside this one) kept since this one opened the cache stays
    const all = new Map([...(await stored(this.file, this.entry)), ...this.entries]);
    const keep = [...all].filter(([key]) => all.size <= MAX_ENTRIES || this.used.has(key));
    await writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(keep)), { durable: false }).catch(
      () => undefined,
    );
  }
}
