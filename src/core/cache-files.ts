import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { sha256File } from './hash.ts';

/**
 * What a stage's cache folder held when it was written: each file's size and
 * sha256 (and its inode and mtime, so that a file nobody touched is not read
 * again to learn that, as git does with its index). A cached stage is used
 * only if its folder still holds exactly these: a file missing, of another
 * size, or rewritten with other content is damage, and the stage runs again.
 */
export const fileStamp = z.object({
  bytes: z.number(),
  sha256: z.string(),
  mtimeMs: z.number(),
  ino: z.number(),
});
export type FileStamp = z.infer<typeof fileStamp>;

/** Every file under `dir` (relative, '/'-separated) with its stamp. */
export async function stampFiles(dir: string): Promise<Record<string, FileStamp>> {
  const out: Record<string, FileStamp> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(e.parentPath, e.name);
    const s = await stat(file);
    out[path.relative(dir, file).split(path.sep).join('/')] = {
      bytes: s.size,
      sha256: await sha256File(file),
      mtimeMs: s.mtimeMs,
      ino: s.ino,
    };
  }
  return out;
}

/** Why `dir` no longer holds what was recorded, or undefined if it does. */
export async function cacheDamage(
  dir: string,
  recorded: Record<string, FileStamp> | undefined,
): Promise<string | undefined> {
  if (!recorded) return 'no sizes and hashes recorded for it';
  for (const [name, want] of Object.entries(recorded)) {
    const file = path.join(dir, ...name.split('/'));
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(file);
    } catch {
      return `${name} is missing`;
    }
    if (!s.isFile()) return `${name} is not a file`;
    if (s.size !== want.bytes) return `${name} has ${s.size} bytes, ${want.bytes} when written`;
    if ((s.mtimeMs !== want.mtimeMs || s.ino !== want.ino) && (await sha256File(file)) !== want.sha256)
      return `${name} has changed since it was written (sha256 differs)`;
  }
  return undefined;
}
