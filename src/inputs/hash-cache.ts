import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../core/fs.ts';
import { sha256File } from '../core/hash.ts';

/**
 * sha256 of raw files, remembered by (path, size, mtime, inode) as git does,
 * so a re-run with nothing changed does not re-read gigabytes to learn that.
 */
const entry = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  ino: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
type Entry = z.infer<typeof entry>;

export class HashCache {
  private dirty = false;
  private constructor(
    private readonly file: string,
    private readonly entries: Record<string, Entry>,
  ) {}

  /** A cache file that is missing, cut short or of another shape is no cache: every file is hashed again. */
  static async open(file: string): Promise<HashCache> {
    const parsed = z
      .record(z.string(), entry)
      .safeParse(await readJson<unknown>(file).catch(() => undefined));
    return new HashCache(file, parsed.success ? parsed.data : {});
  }

  async hash(file: string): Promise<{ sha256: string; bytes: number }> {
    const s = await stat(file);
    const known = this.entries[file];
    if (known && known.size === s.size && known.mtimeMs === s.mtimeMs && known.ino === s.ino)
      return { sha256: known.sha256, bytes: s.size };
    const sha256 = await sha256File(file);
    this.entries[file] = { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, sha256 };
    this.dirty = true;
    return { sha256, bytes: s.size };
  }

  async save(): Promise<void> {
    if (this.dirty) await writeJsonAtomic(this.file, this.entries);
    this.dirty = false;
  }
}
