import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/core/paths.ts';
import { CodeSnapshot, codeComponents } from '../../src/engine/code-hash.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { smallRaw, tempDir } from '../helpers/cli.ts';
import { copyCli, projectCopy } from '../helpers/project-copy.ts';

/**
 * A stage's fingerprint covers the code it runs, found from the imports of
 * its module: these tests edit modules in a copy of the project (never the
 * project itself) and see which stages notice.
 */

const duckdbVersion = async () =>
  (
    JSON.parse(await readFile(fromRoot('node_modules/@duckdb/node-api/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/** The keys whose values differ between two sets of components (added and removed keys included). */
function changed(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

const computeOfStructure = {
  modules: ['src/engine/stages/compute.ts', 'pipelines/structure/pipeline.ts'],
  files: [],
};

describe('code components', () => {
  it('cover every module a stage imports, through other modules, and the packages they use', async () => {
    const root = await projectCopy();
    const parts = await codeComponents(computeOfStructure, root);
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining([
        'code:src/engine/stages/compute.ts',
        'code:pipelines/structure/pipeline.ts',
        // imported by the pipeline, not by the stage
        'code:src/panel/within.ts',
        // imported by everything that runs SQL
        'code:src/core/duckdb.ts',
      ]),
    );
    expect(parts['package:@duckdb/node-api']).toBe(await duckdbVersion());
    // the command line is not part of computing a table
    expect(Object.keys(parts)).not.toContain('code:src/cli/main.ts');
  });

  it('change with the content of exactly the module edited, and with no file a stage does not run', async () => {
    const root = await projectCopy();
    const before = await codeComponents(computeOfStructure, root);
    await appendFile(path.join(root, 'README.md'), '\nan edit\n');
    await appendFile(path.join(root, 'tests/helpers/cli.ts'), '\n// an edit\n');
    await appendFile(path.join(root, 'src/cli/diff.ts'), '\n// an edit\n');
    expect(changed(before, await codeComponents(computeOfStructure, root))).toEqual([]);

    await appendFile(path.join(root, 'src/core/duckdb.ts'), '\n// an edit\n');
    await appendFile(path.join(root, 'src/panel/within.ts'), '\n// an edit\n');
    expect(changed(before, await codeComponents(computeOfStructure, root))).toEqual([
      'code:src/core/duckdb.ts',
      'code:src/panel/within.ts',
    ]);
  });

  it('follow a new import, and take in the files a stage reads beside its modules', async () => {
    const root = await projectCopy();
    const code = {
      modules: ['src/engine/stages/compute.ts'],
      files: ['pipelines/structure/models/variety.sql'],
    };
    const before = await codeComponents(code, root);
    expect(before['code:pipelines/structure/models/variety.sql']).toBeDefined();
    await writeFile(path.join(root, 'src/core/new-helper.ts'), 'export const x = 1;\n');
    await appendFile(
      path.join(root, 'src/engine/stages/compute.ts'),
      "\nexport { x } from '../../core/new-helper.ts';\n",
    );
    await appendFile(path.join(root, 'pipelines/structure/models/variety.sql'), '\n-- an edit\n');
    expect(changed(before, await codeComponents(code, root))).toEqual([
      'code:pipelines/structure/models/variety.sql',
      'code:src/core/new-helper.ts',
      'code:src/engine/stages/compute.ts',
    ]);
  });

  it('leave out a module the stage only takes types from, since TypeScript erases that import', async () => {
    const root = await projectCopy();
    const code = { modules: ['src/engine/stages/compute.ts'], files: [] };
    const before = await codeComponents(code, root);
    await writeFile(path.join(root, 'src/core/types-only.ts'), 'export type T = number;\n');
    await appendFile(
      path.join(root, 'src/engine/stages/compute.ts'),
      "\nimport type { T } from '../../core/types-only.ts';\nexport type U = T;\n",
    );
    expect(changed(before, await codeComponents(code, root))).toEqual(['code:src/engine/stages/compute.ts']);
  });

  it('are read once per run: every stage of a run sees one snapshot of the code, the next run sees an edit', async () => {
    const root = await projectCopy();
    const computeOfTrade = {
      modules: ['src/engine/stages/compute.ts', 'pipelines/trade/pipeline.ts'],
      files: [],
    };
    const snapshot = new CodeSnapshot(root);
    const structure = await codeComponents(computeOfStructure, snapshot);
    expect(structure).toEqual(await codeComponents(computeOfStructure, root));
    // another stage's modules, mostly the same ones, from the same snapshot: as if read afresh
    expect(await codeComponents(computeOfTrade, snapshot)).toEqual(
      await codeComponents(computeOfTrade, root),
    );

    await appendFile(path.join(root, 'src/core/duckdb.ts'), '\n// an edit\n');
    // the run that took the snapshot goes on with the code it loaded at its start
    expect(changed(structure, await codeComponents(computeOfStructure, snapshot))).toEqual([]);
    expect(changed(structure, await codeComponents(computeOfStructure, new CodeSnapshot(root)))).toEqual([
      'code:src/core/duckdb.ts',
    ]);
  });

  it('follow the installed version of a package, not its name only', async () => {
    const root = await projectCopy();
    const code = { modules: ['src/core/duckdb.ts'], files: [] };
    expect(await codeComponents(code, root)).toMatchObject({
      'package:@duckdb/node-api': await duckdbVersion(),
    });
    // a copy of node_modules with another DuckDB version: the project copy points at it instead of the real one
    const modules = path.join(root, 'node_modules');
    await rm(modules);
    await mkdir(path.join(modules, '@duckdb', 'node-api'), { recursive: true });
    await writeFile(path.join(modules, '@duckdb', 'node-api', 'package.json'), '{"version":"9.9.9"}');
    expect(await codeComponents(code, root)).toMatchObject({ 'package:@duckdb/node-api': '9.9.9' });
  });

  it('refuse a package a module imports that is not installed, naming it and saying what to run', async () => {
    const root = await projectCopy();
    await rm(path.join(root, 'node_modules'));
    await mkdir(path.join(root, 'node_modules'));
    const code = { modules: ['src/core/duckdb.ts'], files: [] };
    const snapshot = new CodeSnapshot(root);
    for (const from of [root, snapshot, snapshot])
      await expect(codeComponents(code, from)).rejects.toThrow(
        /package '@duckdb\/node-api' is imported but not installed .*; run npm ci/,
      );
  });
});

describe('kzstat plan after a code change', () => {
  it('names the module that changed for each stage that runs it, and ignores the README and the tests', async () => {
    const [root, raw, out] = [await projectCopy(), await smallRaw(), await tempDir()];
    const cli = (args: string[]) => copyCli(root, [...args, 'observations', '--raw', raw, '--out', out]);
    const plan = async () => {
      const r = await cli(['plan', '--json']);
      expect(r.code, r.stderr).toBe(0);
      return runSummary.parse(JSON.parse(r.stdout)).pipelines[0]!.stages;
    };
    const ran = await cli(['run']);
    expect(ran.code, ran.stderr).toBe(0);

    await appendFile(path.join(root, 'README.md'), '\nan edit\n');
    await appendFile(path.join(root, 'tests/helpers/cli.ts'), '\n// an edit\n');
    expect((await plan()).map((s) => s.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);

    await appendFile(path.join(root, 'pipelines/observations/pipeline.ts'), '\n// an edit\n');
    expect((await plan()).map((s) => `${s.name}: ${s.status}: ${s.reason.replace(/ since .*/, '')}`)).toEqual(
      [
        'extract: cached: unchanged',
        'normalise: cached: unchanged',
        'compute: would run: code changed: pipelines/observations/pipeline.ts',
        'check: would run: the output of compute changed',
        'publish: would run: the output of compute changed; the output of check changed',
      ],
    );

    await appendFile(path.join(root, 'src/core/duckdb.ts'), '\n// an edit\n');
    const stages = await plan();
    expect(stages.map((s) => s.status)).toEqual([
      'would run',
      'would run',
      'would run',
      'would run',
      'would run',
    ]);
    for (const s of stages) expect(s.reason).toContain('code changed: src/core/duckdb.ts');
  });

  it('re-runs compute, and only from compute on, when a query file of a TypeScript step changes', async () => {
    const [root, raw, out] = [await projectCopy(), await smallRaw(), await tempDir()];
    const cli = (args: string[]) => copyCli(root, [...args, 'observations', '--raw', raw, '--out', out]);
    const ran = await cli(['run']);
    expect(ran.code, ran.stderr).toBe(0);
    // read by the step harmonise_refused with ctx.query, covered by the pipeline's `reads`
    const query = 'pipelines/observations/report/harmonise_refused.sql';
    await appendFile(path.join(root, query), '\n-- an edit\n');
    const r = await cli(['plan', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const stages = runSummary.parse(JSON.parse(r.stdout)).pipelines[0]!.stages;
    expect(stages.map((s) => `${s.name}: ${s.status}`)).toEqual([
      'extract: cached',
      'normalise: cached',
      'compute: would run',
      'check: would run',
      'publish: would run',
    ]);
    expect(stages[2]!.reason).toMatch(new RegExp(`^code changed: ${query}( since|$)`));
  });
});
