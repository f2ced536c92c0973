import { appendFile, cp, lstat, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundled, runCli, tempDir } from '../helpers/cli.ts';

/**
 * `LATEST`, a plain file in each dataset folder holding the latest version
 * id, replaced with the `latest` link: a copy of the output folder that drops
 * links (object storage, Windows, `cp -r` without -P) or follows them
 * (`cp -rL`, which turns `latest` into a plain folder) still knows which
 * version is latest, so `versions`, `diff` and `report` work on it.
 *
 * The raw folder holds the bundled R&D organisations table (a real file); the
 * second version adds one SYNTHETIC row to it so there are two versions.
 */
let out: string;
let raw: string;
let first: string;
let second: string;

beforeAll(async () => {
  raw = await tempDir('kzstat-latest-raw-');
  await cp(bundled('reference', 'rd_organisations_2009_2013.csv'), path.join(raw, 'rd.csv'));
  await writeFile(
    path.join(raw, 'sources.json'),
    JSON.stringify({
      sources: [
        {
          path: 'rd.csv',
          reader: 'tidy-csv',
          indicators: ['rd_organisations'],
          provenance: {
            publisher: "Kireeva's paper on the industrial-innovation development of the regions, table 1",
          },
        },
      ],
    }),
  );
  out = await tempDir('kzstat-latest-out-');
  expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
  first = path.basename(await readlink(path.join(out, 'observations', 'latest')));
  await appendFile(path.join(raw, 'rd.csv'), 'rd_organisations,Akmola Region,1999,1,count,synthetic row\n');
  expect((await runCli(['run', 'observations', '--raw', raw, '--out', out])).code).toBe(0);
  second = path.basename(await readlink(path.join(out, 'observations', 'latest')));
  expect(second > first).toBe(true);
});

describe('LATEST beside the latest link', () => {
  it('holds the version the link points at, in every dataset folder', async () => {
    expect(await readFile(path.join(out, 'observations', 'LATEST'), 'utf8')).toBe(`${second}\n`);
  });

  for (const [how, copy] of [
    // cp -rL: the link is followed, `latest` becomes a folder of its own
    [
      'a copy that followed the link (cp -rL)',
      (from: string, to: string) => cp(from, to, { recursive: true, dereference: true }),
    ],
    // a copy without the link (object storage, Windows)
    [
      'a copy without the link',
      async (from: string, to: string) => {
        await cp(from, to, { recursive: true });
        await rm(path.join(to, 'observations', 'latest'));
      },
    ],
  ] as const)
    it(`versions, diff and report work on ${how}`, async () => {
      const dir = path.join(await tempDir('kzstat-latest-copy-'), 'out');
      await copy(out, dir);
      const latest = path.join(dir, 'observations', 'latest');
      const kind = await lstat(latest).then(
        (s) => (s.isSymbolicLink() ? 'link' : 'folder'),
        () => 'none',
      );
      expect(kind).not.toBe('link');

      const versions = await runCli(['versions', 'observations', '--out', dir, '--json']);
      expect(versions.code, versions.stderr).toBe(0);
      expect(
        JSON.parse(versions.stdout).versions.map((v: { version: string; latest: boolean }) => [
          v.version,
          v.latest,
        ]),
      ).toEqual([
        [second, true],
        [first, false],
      ]);

      const diff = await runCli([
        'diff',
        'observations',
        'previous',
        'latest',
        '--out',
        dir,
        '--table',
        'observations',
      ]);
      expect(diff.code, diff.stderr).toBe(0);
      expect(diff.stdout).toContain(`observations: ${first} -> ${second}`);
      expect(diff.stdout).toMatch(/0 changed, 1 added, 0 removed/);

      const report = await runCli(['report', '--out', dir]);
      expect(report.code, report.stderr).toBe(0);
      expect(await readFile(path.join(dir, 'report', 'index.html'), 'utf8')).toContain(second);
    });

  it('a LATEST that names no version is ignored, and a run mends it from the link', async () => {
    const dir = path.join(await tempDir('kzstat-latest-mend-'), 'out');
    await cp(out, dir, { recursive: true });
    await writeFile(path.join(dir, 'observations', 'LATEST'), 'not a version\n');
    const r = await runCli(['run', 'observations', '--raw', raw, '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).published).toEqual([]);
    expect(await readFile(path.join(dir, 'observations', 'LATEST'), 'utf8')).toBe(`${second}\n`);
    await writeFile(path.join(dir, 'observations', 'LATEST'), 'not a version\n');
    await rm(path.join(dir, 'observations', 'latest'));
    const versions = await runCli(['versions', 'observations', '--out', dir, '--json']);
    // neither a link nor a valid LATEST: no version is marked latest, but the versions are listed
    expect(JSON.parse(versions.stdout).versions.map((v: { latest: boolean }) => v.latest)).toEqual([
      false,
      false,
    ]);
    expect((await readdir(path.join(dir, 'observations'))).filter((n) => n.startsWith('2'))).toHaveLength(2);
  });
});
