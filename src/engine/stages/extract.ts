import { access, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { InputError, inputErrorFrom, UsageError } from '../../core/errors.ts';
import { hashJson, sha256 } from '../../core/hash.ts';
import { HashCache } from '../../inputs/hash-cache.ts';
import { loadManifest, type SourceEntry } from '../../inputs/manifest.ts';
import { layoutPath, readLayout } from '../../readers/bns-layout.ts';
import { detectReader } from '../../readers/index.ts';
import type { InputFile } from '../../readers/types.ts';
import { pullDeclaredIndices } from '../../sources/taldau/declared.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import { type StageOutputs, stageOutputs } from './outputs.ts';
import type { Stage, StageContext } from './types.ts';

/**
 * extract: which raw files go into this pipeline, and their content hashes.
 * The sources of the raw folder's manifest that provide the indicators the
 * pipeline needs, plus every `--input` file. Hashing is remembered by file
 * stat, so a re-run with nothing new costs almost nothing. Unless --offline,
 * the Taldau indices the catalogue declares for those indicators are pulled
 * into the raw folder (and its manifest) first.
 */
function pointerOf(file: string, rawDir: string): string {
  const inRaw = path.relative(rawDir, file);
  if (!inRaw.startsWith('..') && !path.isAbsolute(inRaw)) return inRaw.split(path.sep).join('/');
  const inCwd = path.relative(process.cwd(), file);
  return !inCwd.startsWith('..') && !path.isAbsolute(inCwd) ? inCwd.split(path.sep).join('/') : file;
}

function wanted(ctx: StageContext, source: SourceEntry): boolean {
  const needs = ctx.pipeline.indicators;
  if (needs === 'all') return true;
  const all = [...needs.required, ...needs.optional];
  return source.indicators.some((i) => all.includes(i));
}

/**
 * The layout declaration a workbook's `layout` option names (a sidecar beside it), read and checked:
 * a sidecar that is not valid, or that declares an indicator its source does not list, is invalid input.
 */
async function attachLayout(
  input: InputFile,
  rawDir: string,
  /** the indicators a manifest entry lists (a sidecar must not add any); none for --input files */
  listed?: string[],
): Promise<InputFile> {
  const option = input.options.layout;
  if (option === undefined) return input;
  const file = layoutPath(input.path, option);
  const pointer = pointerOf(file, rawDir);
  // A manifest's sidecar is raw data like the file it describes: it must not lead out of the raw folder.
  if (listed) {
    const real = await realpath(file).catch(() => file);
    if (!real.startsWith((await realpath(rawDir)) + path.sep))
      throw new InputError(`${input.pointer}: its layout ${option} is not inside the raw folder`);
  }
  try {
    await access(file);
  } catch {
    throw new InputError(
      `${input.pointer}: its layout declaration ${option} is missing (looked for ${file})`,
    );
  }
  const layout = await readLayout(file, pointer);
  if (Array.isArray(layout)) throw inputErrorFrom(layout, `invalid layout declaration ${pointer}`);
  const unlisted = [...new Set(layout.tables.flatMap((t) => t.columns.map((c) => c.indicator)))].filter(
    (i) => listed !== undefined && !listed.includes(i),
  );
  if (unlisted.length)
    throw new InputError(
      `${input.pointer}: its layout declares ${unlisted.join(', ')}, which its entry in sources.json does not list under "indicators"`,
    );
  const bytes = await readFile(file);
  return { ...input, layout, layoutFile: { pointer, sha256: sha256(bytes), bytes: bytes.length } };
}

export async function collectInputs(ctx: StageContext): Promise<InputFile[]> {
  if (ctx.memo.inputs) return ctx.memo.inputs;
  const rawDir = path.resolve(ctx.opts.rawDir);
  await pullDeclaredIndices({
    pipeline: ctx.pipeline.name,
    indicators: ctx.pipeline.indicators,
    rawDir: ctx.opts.rawDir,
    sources: ctx.opts.sources,
    offline: ctx.opts.offline,
    force: ctx.opts.force,
    runId: ctx.runId,
    db: () => ctx.db(),
    log: ctx.log,
  });
  const hashes = await HashCache.open(ctx.workspace.hashCacheFile);
  const inputs = [
    ...(await manifestInputs(ctx, rawDir, hashes)),
    ...(await givenInputs(ctx, rawDir, hashes)),
  ];
  await hashes.save();
  if (inputs.length === 0)
    throw new UsageError(
      `no inputs for ${ctx.pipeline.name}: ${path.join(ctx.opts.rawDir, 'sources.json')} lists none it needs and no --input was given`,
    );
  ctx.memo.inputs = inputs;
  return inputs;
}

/** The sources of the raw folder's manifest that provide an indicator the pipeline needs. */
async function manifestInputs(ctx: StageContext, rawDir: string, hashes: HashCache): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const source of (await loadManifest(rawDir)).filter((s) => wanted(ctx, s))) {
    const file = path.join(rawDir, source.path);
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      throw new InputError(
        `${source.path}: listed in ${path.join(ctx.opts.rawDir, 'sources.json')} but missing from the raw folder`,
      );
    }
    // A link inside the raw folder must not lead a manifest out of it.
    const realRaw = await realpath(rawDir);
    if (real !== realRaw && !real.startsWith(realRaw + path.sep))
      throw new InputError(
        `${source.path}: listed in ${path.join(ctx.opts.rawDir, 'sources.json')} but it leads outside the raw folder (to ${real})`,
      );
    inputs.push(
      await attachLayout(
        {
          path: file,
          pointer: pointerOf(file, rawDir),
          reader: source.reader,
          indicator: source.indicator,
          options: source.options,
          vintage: source.vintage,
          skip: source.skip,
          provenance: Object.fromEntries(
            Object.entries(source.provenance).filter(([, v]) => v !== undefined),
          ) as Record<string, string>,
          ...(await hashes.hash(file)),
        },
        rawDir,
        source.indicators,
      ),
    );
  }
  return inputs;
}

/** The `--input` files, each read by the reader its content calls for. */
async function givenInputs(ctx: StageContext, rawDir: string, hashes: HashCache): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const spec of ctx.opts.inputs) {
    const file = path.resolve(spec.file);
    try {
      await access(file);
    } catch {
      throw new UsageError(`--input ${spec.file}: no such file`);
    }
    const reader = await detectReader(file);
    if (!reader)
      throw new UsageError(
        `--input ${spec.file}: unknown kind of file (expected .csv tidy, SDG, WITS or Atlas, .xlsx or .xls BNS workbook, .json Taldau response)`,
      );
    inputs.push(
      await attachLayout(
        {
          path: file,
          pointer: pointerOf(file, rawDir),
          reader,
          indicator: spec.indicator,
          options: spec.options,
          ...(await hashes.hash(file)),
        },
        rawDir,
      ),
    );
  }
  return inputs;
}

export const extractStage: Stage<StageOutputs['extract']> = {
  output: stageOutputs.extract,
  hasOutput: false,
  async components(ctx) {
    const inputs = await collectInputs(ctx);
    const out: Record<string, string> = await codeComponents(
      {
        modules: [moduleFile(import.meta.url)],
        files: [],
      },
      ctx.code,
    );
    for (const i of inputs)
      out[`input:${i.pointer}`] = hashJson({
        sha256: i.sha256,
        reader: i.reader,
        indicator: i.indicator,
        options: i.options,
        layout: i.layout,
        vintage: i.vintage,
        skip: i.skip,
      });
    return out;
  },
  async run(ctx) {
    const inputs = await collectInputs(ctx);
    return {
      rows: inputs.length,
      warnings: [],
      data: { inputs },
    };
  },
};
