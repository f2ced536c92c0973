import { readFileSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { z } from 'zod';
import { LockedError } from './errors.ts';

/**
 * One run at a time per output folder. The lock is a file created with
 * O_EXCL holding the PID, host and process start time; a lock whose process
 * is gone (or whose PID now belongs to another process) is stale and is taken
 * over, so a crashed cron run never blocks the next one.
 */

const lockInfo = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  /** /proc start time of the holder, to tell a reused PID from the holder */
  procStart: z.string().optional(),
  command: z.string(),
});
type LockInfo = z.infer<typeof lockInfo>;

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22 (starttime) counts from after the command name, which may contain spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return true; // cannot tell: assume held
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const now = procStart(info.pid);
  return !(info.procStart && now && now !== info.procStart);
}

export interface HeldLock {
  release(): Promise<void>;
  /** set when a stale lock was taken over */
  tookOverFrom?: LockInfo;
}

export async function acquireLock(file: string, command: string): Promise<HeldLock> {
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    procStart: procStart(process.pid),
    command,
  };
  let tookOverFrom: LockInfo | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(JSON.stringify(info));
      await fh.sync();
      await fh.close();
      let released = false;
      return {
        tookOverFrom,
        async release() {
          if (released) return;
          released = true;
          const current = await readLock(file);
          if (current?.pid === info.pid && current.host === info.host) await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = await readLock(file);
    // A lock file that cannot be read yet may be one another run is writing this instant.
    for (let wait = 0; !holder && wait < 25 && (await ageMs(file)) < 5000; wait++) {
      await new Promise((r) => setTimeout(r, 200));
      holder = await readLock(file);
    }
    if (holder && alive(holder))
      throw new LockedError(
        `another run holds the lock ${file}: PID ${holder.pid} on ${holder.host}, started ${holder.startedAt} (${holder.command})`,
      );
    // Stale (or unreadable, half-written by a crash): move it aside atomically, so two
    // runs taking over at once cannot both succeed, then try again.
    tookOverFrom = holder;
    await rename(file, `${file}.stale-${process.pid}`).catch(() => undefined);
    await rm(`${file}.stale-${process.pid}`, { recursive: true, force: true });
  }
  throw new LockedError(
    `could not take the lock ${file} after removing a stale one; another run may be starting`,
  );
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The holder a lock file names; undefined when it cannot be read or names none (cut short, damaged). */
async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const parsed = lockInfo.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
