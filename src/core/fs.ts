import { closeSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, type FileHandle, link, lstat, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Flushes a file or folder to disk, so a rename after it cannot expose a half-written file. */
export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(p, 'r');
    fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on folders; the rename is still atomic there
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The async twin of fsyncPath: flushes without holding up the event loop. */
async function fsyncAsync(p: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(p, 'r');
    await fh.sync();
  } catch {
    // as in fsyncPath: some filesystems refuse fsync on folders
  } finally {
    await fh?.close();
  }
}

let tmpCounter = 0;

/**
 * Writes a file completely under a temporary name, then renames it into place:
 * readers see the old file or the new one, never a part. `durable` (the
 * default) also flushes file and folder to disk, so the new file survives a
 * power cut; a caller that verifies what it reads back (a sha256 in a
 * sidecar) can skip that. The flushes are asynchronous, so many writes
 * proceed side by side instead of one blocking fsync at a time.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: { durable?: boolean } = {},
): Promise<void> {
  const durable = opts.durable ?? true;
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}-${tmpCounter++}`;
  try {
    // The folder is made only when missing: most writes go where others went before.
    const fh = await open(tmp, 'w').catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      await mkdir(path.dirname(file), { recursive: true });
      return open(tmp, 'w');
    });
    try {
      await fh.writeFile(data);
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    if (durable) await fsyncAsync(path.dirname(file));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Makes `dir` a folder below `root`, removing whatever else stands in the
 * way on the path (a file, a link): for folders that hold only what the
 * program itself can make again, such as the cache under `<out>/.kzstat`.
 */
export async function ensureFolder(root: string, dir: string): Promise<void> {
  let at = root;
  for (const part of path.relative(root, dir).split(path.sep).filter(Boolean)) {
    at = path.join(at, part);
    const s = await lstat(at).catch(() => undefined);
    if (s && !s.isDirectory()) await rm(at, { force: true });
  }
  await mkdir(dir, { recursive: true });
}

/**
 * A hard link where the file system allows one, else a copy: across devices (EXDEV), on file systems
 * without links (EPERM, ENOTSUP) or at a link limit (EMLINK). A source that is not there fails in the
 * copy, with its own error. True when it copied.
 */
export async function linkOrCopy(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return false;
  } catch {
    await copyFile(from, to);
    return true;
  }
}
