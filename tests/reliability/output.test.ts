import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { copyOfRaw, tempDir } from '../helpers/cli.ts';
import { latestOf, publishedProblems } from '../helpers/published.ts';

/**
 * A disk that fills up and an output folder that turns read-only: the run
 * fails with exit 7 and a message, and what was published stays as it was.
 * Each case runs kzstat in a private mount namespace (util-linux `unshare`)
 * whose output folder is a small tmpfs, so nothing outside the test is touched.
 */
const canMount = await new Promise<boolean>((resolve) =>
  execFile('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs tmpfs /mnt'], (e) => resolve(!e)),
);

function inNamespace(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('unshare', ['-m', 'sh', '-ec', script], { maxBuffer: 1 << 24 }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const kzstat = `${process.execPath} ${fromRoot('bin', 'kzstat.js')}`;

describe.skipIf(!canMount)('an output that cannot be written', () => {
  it('a disk that fills up during a run: exit 7, latest untouched, the next run on a roomy disk succeeds', async () => {
    const [raw, mnt] = [await copyOfRaw(), await tempDir()];
    // 1: publish on a roomy tmpfs (two versions of the observations with their Arrow files, about
    // 36 MB each since trade by product is bundled), then copy it onto a tmpfs just big enough for what is there
    const r = await inNamespace(`
      mkdir -p ${mnt}/out
      mount -t tmpfs -o size=256m tmpfs ${mnt}/out
      ${kzstat} run observations --offline --raw ${raw} --out ${mnt}/out > /dev/null
      cp -a ${mnt}/out ${mnt}/copy
      used=$(du -sk ${mnt}/copy | cut -f1)
      umount ${mnt}/out
      mount -t tmpfs -o size=$((used + 200))k tmpfs ${mnt}/out
      cp -a ${mnt}/copy/. ${mnt}/out/
      before=$(readlink ${mnt}/out/observations/latest)
      echo "rd_organisations,Akmola Region,1950,1,count,full disk" >> ${raw}/reference/rd_organisations_2009_2013.csv
      set +e
      ${kzstat} run observations --offline --raw ${raw} --out ${mnt}/out --force > /dev/null 2> ${mnt}/stderr
      echo "exit=$?"
      set -e
      echo "before=$before after=$(readlink ${mnt}/out/observations/latest)"
      cat ${mnt}/stderr
      echo "left: $(ls -A ${mnt}/out/observations | tr '\n' ' ')"
      mount -o remount,size=256m ${mnt}/out
      ${kzstat} run observations --offline --raw ${raw} --out ${mnt}/out > /dev/null
      echo "then: exit=$? latest=$(readlink ${mnt}/out/observations/latest) left: $(ls -A ${mnt}/out/observations | tr '\n' ' ')"
    `);
    expect(r.stdout).toMatch(/exit=7/);
    expect(r.stdout).toMatch(/cannot write .*no space left on (the )?device/i);
    const [, before, after] = r.stdout.match(/before=(\S+) after=(\S+)/)!;
    expect(after).toBe(before);
    // nothing half-written stays behind, and once there is room the next run publishes
    expect(
      r.stdout
        .match(/left: (.*)/)?.[1]
        ?.trim()
        .split(' ')
        .sort(),
    ).toEqual([before, 'LATEST', 'latest'].sort());
    const then = r.stdout.match(/then: exit=0 latest=(\S+) left: (.*)/);
    expect(then?.[1]).not.toBe(before);
    expect(then?.[2]?.trim().split(' ').sort()).toEqual([before, then?.[1], 'LATEST', 'latest'].sort());
  });

  it('a read-only output: exit 7 with a message, nothing changes', async () => {
    const [raw, mnt] = [await copyOfRaw(), await tempDir()];
    await mkdir(path.join(mnt, 'out'));
    const r = await inNamespace(`
      mount -t tmpfs -o size=256m tmpfs ${mnt}/out
      ${kzstat} run observations --offline --raw ${raw} --out ${mnt}/out > /dev/null
      mount -o remount,ro ${mnt}/out
      echo "rd_organisations,Akmola Region,1950,1,count,read-only" >> ${raw}/reference/rd_organisations_2009_2013.csv
      set +e
      ${kzstat} run observations --offline --raw ${raw} --out ${mnt}/out 2>&1
      echo "exit=$?"
    `);
    expect(r.stdout).toMatch(/cannot write .*read-only/);
    expect(r.stdout).toMatch(/exit=7/);
  });
});

describe('an output folder a run cannot create', () => {
  it('exit 7 naming the path when --out is a file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'not-a-folder');
    await appendFile(file, 'x');
    const { runCli } = await import('../helpers/cli.ts');
    const r = await runCli(['run', 'observations', '--offline', '--out', file]);
    expect([2, 7]).toContain(r.code);
    expect(r.stderr).toMatch(/not-a-folder/);
    expect(existsSync(path.join(file, '.kzstat'))).toBe(false);
    expect(await publishedProblems(path.join(dir, 'observations'))).toEqual([]);
    expect(await latestOf(path.join(dir, 'observations'))).toBeUndefined();
    expect(await readdir(dir)).toEqual(['not-a-folder']);
  });
});
