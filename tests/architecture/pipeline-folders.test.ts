import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { loadPipelines } from '../../src/engine/pipelines.ts';
import { tempDir } from '../helpers/cli.ts';

/**
 * One shape for every pipeline folder (issue 28), so a reader who knows one
 * pipeline finds their way in another, and the engine can find a pipeline's
 * parts by where they are rather than by lists kept by hand. And the other
 * side of the facade: the machinery in src/ knows no pipeline, neither its
 * folder nor the tables it publishes.
 */

/**
 * What any pipeline folder may hold (paths inside the folder; `<name>` is a
 * lower-case snake_case name), each with what it is for.
 */
const SHAPE: { file: string; purpose: string }[] = [
  { file: 'pipeline.ts', purpose: 'the definition: what it needs, its parameters and steps' },
  { file: 'models/<name>.sql', purpose: 'a model: the SQL that makes the table named after it' },
  { file: 'models/<name>.table.ts', purpose: 'the contract of the published table named after it' },
  { file: 'checks/<name>.sql', purpose: 'a check of its tables, its severity in its header' },
  { file: 'macros.sql', purpose: 'the SQL macros its models share' },
  { file: 'report/<name>.sql', purpose: 'a query its TypeScript steps run (ctx.query) for the run report' },
  { file: 'charts.ts', purpose: 'the charts of its tables in the HTML report' },
  { file: 'columns.ts', purpose: 'columns several of its table contracts share' },
];

const fits = (pattern: string, file: string) =>
  new RegExp(`^${pattern.replace(/\./g, '\\.').replace('<name>', '[a-z0-9_]+')}$`).test(file);

/** Files only one pipeline has: TypeScript its steps need where SQL cannot say it. */
const OWN: Record<string, string> = {
  'innovation/composite.ts':
    "the composite indicator's parameters and the refusals its steps make after the SQL",
  'trade/registry.ts': 'loads the trade registry (blocs, membership dates, HS processing) into DuckDB',
};

const REQUIRED = ['pipeline.ts', 'models'];

async function pipelineFolders(root = projectRoot): Promise<string[]> {
  const entries = await readdir(path.join(root, 'pipelines'), { withFileTypes: true });
  // a folder whose name starts with '_' is no pipeline: the engine skips it (src/engine/pipelines.ts)
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('_')).map((e) => e.name);
}

/** The files of pipelines/ that fit no rule of the shape, each with why. */
async function outOfShape(root = projectRoot): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, 'pipelines'), { withFileTypes: true }))
    if (!e.isDirectory()) out.push(`pipelines/${e.name}: pipelines/ holds only pipeline folders`);
  for (const name of await pipelineFolders(root)) {
    const dir = path.join(root, 'pipelines', name);
    const present = await readdir(dir);
    for (const r of REQUIRED)
      if (!present.includes(r))
        out.push(`pipelines/${name}: it has no ${r}, which every pipeline folder has`);
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    for (const f of entries) {
      if (!f.isFile()) continue;
      const rel = path.relative(dir, path.join(f.parentPath, f.name)).split(path.sep).join('/');
      if (!SHAPE.some((s) => fits(s.file, rel)) && !OWN[`${name}/${rel}`])
        out.push(
          `pipelines/${name}/${rel}: not part of a pipeline folder, which holds ${SHAPE.map((s) => s.file).join(', ')} ` +
            'and the files OWN in tests/architecture/pipeline-folders.test.ts lists with their purpose',
        );
    }
  }
  return out.sort();
}

/** Code and string literals of a TypeScript module, without its comments. */
function tsCode(text: string, file: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

/** A SQL file without its comments; a string literal stays, since a table named in one is still named. */
function sqlCode(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (m) => (m.startsWith("'") ? m : ' '));
}

/** What a file of src/ names that it should not, as `file: what`. */
function namesIn(file: string, text: string, folders: string[], tables: Map<string, string>): string[] {
  const code = file.endsWith('.sql') ? sqlCode(text) : tsCode(text, file);
  const out: string[] = [];
  for (const name of folders)
    if (new RegExp(`\\bpipelines/${name}\\b`).test(code))
      out.push(`${file}: names the pipeline folder pipelines/${name}`);
  for (const [table, pipeline] of tables)
    if (new RegExp(`\\b${table}\\b`).test(code))
      out.push(`${file}: names the table '${table}' (published by pipelines/${pipeline})`);
  return out;
}

/** Where src/ names a pipeline folder or a table a pipeline computes. */
async function namesInSrc(): Promise<string[]> {
  const pipelines = await loadPipelines();
  const folders = pipelines.map((p) => p.pipeline.name);
  // observations and revisions are the normalisation's own tables, which a pipeline may publish as they are
  const tables = new Map<string, string>();
  for (const { pipeline } of pipelines)
    for (const t of pipeline.tables) if (!t.fromNormalise) tables.set(t.name, pipeline.name);
  expect(tables.size).toBeGreaterThan(10);
  const out: string[] = [];
  const files = (await readdir(path.join(projectRoot, 'src'), { recursive: true }))
    .filter((f) => /\.(ts|sql)$/.test(f))
    .sort();
  for (const f of files) {
    const file = `src/${f.split(path.sep).join('/')}`;
    out.push(...namesIn(file, await readFile(path.join(projectRoot, file), 'utf8'), folders, tables));
  }
  return out;
}

describe('pipeline folders', () => {
  it('each have the same shape: pipeline.ts, models/, and only the files the shape allows', async () => {
    expect(await pipelineFolders()).toContain('observations');
    expect(await outOfShape()).toEqual([]);
  });

  it('are seen out of shape, naming the file', async () => {
    const root = await tempDir('kzstat-shape-');
    const put = async (file: string) => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), '');
    };
    for (const f of [
      'pipelines/a/pipeline.ts',
      'pipelines/a/models/x.sql',
      'pipelines/a/models/x.table.ts',
      'pipelines/a/checks/x.sql',
      'pipelines/a/notes.txt',
      'pipelines/a/checks/x.py',
      'pipelines/b/pipeline.ts',
      'pipelines/README.md',
      'pipelines/_draft/anything.txt',
    ])
      await put(f);
    const found = await outOfShape(root);
    expect(found.map((m) => m.split(':')[0])).toEqual([
      'pipelines/README.md',
      'pipelines/a/checks/x.py',
      'pipelines/a/notes.txt',
      'pipelines/b',
    ]);
    expect(found[3]).toBe('pipelines/b: it has no models, which every pipeline folder has');
    expect(found[2]).toContain('not part of a pipeline folder, which holds pipeline.ts, models/<name>.sql,');
  });
});

describe('the machinery', () => {
  it('names no pipeline folder and no table a pipeline computes, outside comments', async () => {
    expect(await namesInSrc()).toEqual([]);
  });

  it('is seen to name one in code or a string, not in a comment', () => {
    const tables = new Map([['variety', 'structure']]);
    const names = (file: string, text: string) => namesIn(file, text, ['trade'], tables);
    expect(names('src/a.ts', "const t = 'variety';")).toEqual([
      "src/a.ts: names the table 'variety' (published by pipelines/structure)",
    ]);
    expect(names('src/a.ts', 'const f = `pipelines/trade/x.sql`;')).toEqual([
      'src/a.ts: names the pipeline folder pipelines/trade',
    ]);
    expect(names('src/a.ts', '/** variety, pipelines/trade */\n// variety\nconst varietyOf = 1;')).toEqual(
      [],
    );
    expect(names('src/a.sql', "-- from variety\nSELECT 'a -- b' FROM varieties")).toEqual([]);
    expect(names('src/a.sql', "SELECT 'a -- b' FROM variety")).toHaveLength(1);
  });
});
