import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileContentHash } from '../core/content-hash.ts';
import { type Db, lit, parquetOptions } from '../core/duckdb.ts';
import { inputErrorFrom } from '../core/errors.ts';
import { failpoint } from '../core/failpoint.ts';
import { linkOrCopy } from '../core/fs.ts';
import { fromRoot } from '../core/paths.ts';
import { type Lap, stepTimer } from '../core/step-timer.ts';
import type { InputFile } from '../readers/types.ts';
import {
  type CachedInput,
  commitEntry,
  entryDir,
  type InputCache,
  inputKey,
  lookup,
  ROWS_FILE,
  startEntry,
} from './input-cache.ts';
import { NORMALISED_FILES, OBSERVATIONS_DIR } from './layout.ts';
import { OBSERVATION_ORDER, type ResolveJob, resolveInputs } from './resolve-inputs.ts';

/**
 * Raw files -> the `observations` and `revisions` tables. Each input's rows
 * are resolved on their own (src/normalise/resolve-inputs.ts) and kept per
 * input file, so an unchanged input is taken from the cache; de-duplication
 * across inputs and the one sorted write see every row. Every problem of
 * every file is gathered before the run is refused (up to a limit per file).
 */
export interface NormaliseResult {
  /** milliseconds per step, for --verbose and the benchmarks */
  timings: Record<string, number>;
  rows: number;
  revisions: number;
  rowsByInput: Record<string, number>;
  warnings: string[];
  /** the cache key of each input, in order */
  inputKeys: string[];
  /** the inputs normalised in this run (the others came from the cache) */
  renormalised: string[];
  /** the parts of `observations/` */
  parts: ObservationPart[];
}

export const OBSERVATION_COLUMNS = `indicator, region_kato, period, industry, partner, product, flow,
  value, unit, status, source, period_type, year, period_start, period_end, boundary_vintage, region_label, note`;

export interface NormaliseOptions {
  /** where each input's normalised rows are kept between runs; without it they are made afresh */
  cache?: InputCache;
  /** the footer of the parts it writes, when they are to be published as they are (src/publish/footer.ts) */
  footer?: Record<string, string>;
}

/** Normalises `inputs` and writes `observations/` and `revisions.parquet` into `outDir`. */
export async function normalise(
  db: Db,
  inputs: InputFile[],
  outDir: string,
  opts: NormaliseOptions = {},
): Promise<NormaliseResult> {
  const { timings, lap } = stepTimer();
  const cache = opts.cache ?? { dir: path.join(outDir, 'inputs'), salt: '' };
  const inputKeys = inputs.map((input) => inputKey(cache, input));
  const { got, jobs } = await findCached(cache, inputs, inputKeys, opts.cache !== undefined, opts.footer);
  lap('cache lookup');
  if (jobs.length) {
    await normaliseMissing(db, cache, jobs, outDir, got, lap);
    lap('cache store');
  }
  const rowsByInput: Record<string, number> = {};
  const warnings: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const entry = got.get(inputKeys[i]!)!;
    rowsByInput[input.pointer] = entry.rows;
    warnings.push(...entry.warnings);
  }
  failpoint('normalise:staged');
  const parts = await writeObservations(
    db,
    inputKeys.map((key, i) => ({
      file: path.join(entryDir(cache, key), ROWS_FILE),
      source: inputs[i]!.pointer,
      ...got.get(key)!,
    })),
    outDir,
    opts.footer,
    lap,
  );
  if (!opts.cache) await rm(cache.dir, { recursive: true, force: true });
  warnings.push(...(await remappedLabelWarnings(db)));
  const revisions = await db.value<number>('SELECT count(*)::INTEGER FROM revisions');
  if (revisions > 0) warnings.push(...(await revisionNotes(db)));
  lap('report');
  return {
    timings,
    rows: await db.value<number>('SELECT count(*)::INTEGER FROM observations'),
    revisions,
    rowsByInput,
    warnings,
    inputKeys,
    renormalised: jobs.map((j) => j.input.pointer),
    parts,
  };
}

type CacheJob = ResolveJob & { key: string; tmp: string };

/**
 * The inputs already in the cache, and a job for each that is not. Two inputs with one key are
 * normalised once. Without a cache to keep (`reuse` false) nothing is looked up: every input is made.
 */
async function findCached(
  cache: InputCache,
  inputs: InputFile[],
  inputKeys: string[],
  reuse: boolean,
  footer: Record<string, string> | undefined,
): Promise<{ got: Map<string, CachedInput>; jobs: CacheJob[] }> {
  const got = new Map<string, CachedInput>();
  const jobs: CacheJob[] = [];
  for (const [i, input] of inputs.entries()) {
    const key = inputKeys[i]!;
    const cached = reuse ? await lookup(cache, key) : undefined;
    if (cached) got.set(key, cached);
    else if (!jobs.some((j) => j.key === key)) {
      const tmp = await startEntry(cache, key);
      jobs.push({ input, key, tmp, rowsFile: path.join(tmp, ROWS_FILE), ...(footer ? { footer } : {}) });
    }
  }
  return { got, jobs };
}

/** Resolves the inputs not in the cache and commits each one's entry; any problem refuses the run and leaves no entry. */
async function normaliseMissing(
  db: Db,
  cache: InputCache,
  jobs: CacheJob[],
  scratchDir: string,
  got: Map<string, CachedInput>,
  lap: Lap,
): Promise<void> {
  const resolved = await resolveInputs(db, jobs, scratchDir, lap);
  if (resolved.problems.length) {
    for (const j of jobs) await rm(j.tmp, { recursive: true, force: true });
    throw inputErrorFrom(resolved.problems, undefined, resolved.totals);
  }
  for (const j of jobs) {
    const made = {
      ...resolved.byInput.get(j.input.pointer)!,
      content: (await fileContentHash(db, j.rowsFile)).hash,
    };
    await commitEntry(cache, j.key, j.input.pointer, j.tmp, made);
    got.set(j.key, made);
  }
}

/** A part of `observations/`: its file (relative to the normalise folder), rows, content hash and indicators. */
export interface ObservationPart {
  file: string;
  rows: number;
  hash: string;
  indicators: string[];
}

/**
 * Every input's rows -> the parts of `observations/`, each in key order, and `revisions.parquet`. Inputs
 * that share no indicator with another cannot share a key: each one's rows file, already in key order, is
 * a part of its own, linked rather than copied (the cache holds no second copy of it), so an input that
 * changes changes its own part only. Inputs that share indicators are de-duplicated together, and each
 * such group is written as one part.
 */
async function writeObservations(
  db: Db,
  inputs: (Pick<CachedInput, 'indicatorIds' | 'vintage' | 'content' | 'rows'> & {
    file: string;
    source: string;
  })[],
  outDir: string,
  footer: Record<string, string> | undefined,
  lap: Lap,
): Promise<ObservationPart[]> {
  const groups = sharingIndicators(inputs);
  const merged = groups.filter((g) => g.length > 1).flat();
  const partsDir = path.join(outDir, OBSERVATIONS_DIR);
  await mkdir(partsDir, { recursive: true });
  await db.run('CREATE OR REPLACE TEMP TABLE part_inputs (file VARCHAR, source VARCHAR, vintage VARCHAR)');
  const distinct = new Map(inputs.map((p) => [p.file, p]));
  await db.run(
    `INSERT INTO part_inputs VALUES ${[...distinct.values()]
      .map((p) => `(${lit(p.file)}, ${lit(p.source)}, ${p.vintage === null ? 'NULL' : lit(p.vintage)})`)
      .join(', ')}`,
  );
  // deduplicate.sql reads rows as normalised: the source and the place in it apart, with the source's vintage.
  // With no inputs sharing an indicator it runs on no rows: it still makes the (empty) tables the rest expects.
  const read = merged.length ? merged : inputs;
  await db.run(`CREATE OR REPLACE TEMP VIEW normalised AS
    SELECT p.* EXCLUDE (source, filename), i.source, substr(p.source, length(i.source) + 2) AS locator, i.vintage
    FROM read_parquet([${read.map((p) => lit(p.file)).join(', ')}], filename = true) p
    JOIN part_inputs i ON i.file = p.filename
    ${merged.length ? '' : 'LIMIT 0'}`);
  await db.run(await readFile(fromRoot('src', 'normalise', 'sql', 'deduplicate.sql'), 'utf8'));
  lap('deduplicate');
  const duplicates = await db.all<{ source: string; locator: string; problem: string }>(
    `SELECT source, locator, problem FROM duplicate_problems ORDER BY source, locator`,
  );
  if (duplicates.length)
    throw inputErrorFrom(duplicates.map((d) => ({ file: d.source, where: d.locator, message: d.problem })));

  const parts: ObservationPart[] = [];
  // inputs with no rows at all still give one (empty) part, so the table has its schema
  for (const group of groups.length ? groups : [[]]) {
    const file = path.join(OBSERVATIONS_DIR, partName(parts.length));
    const target = path.join(outDir, file);
    if (group.length === 1) {
      await linkOrCopy(group[0]!.file, target);
      parts.push({
        file,
        rows: group[0]!.rows,
        hash: group[0]!.content,
        indicators: [...group[0]!.indicatorIds].sort(),
      });
      continue;
    }
    const ids = [...new Set(group.flatMap((g) => g.indicatorIds))];
    // Written straight to Parquet in key order: the rows never have to exist whole in memory.
    await db.run(`COPY (
      SELECT indicator, region_kato, period, industry, partner, product, flow, value, unit, status,
             source || '#' || locator AS source, period_type, year, period_start, period_end, boundary_vintage,
             region_label, note
      FROM kept WHERE ${ids.length ? `indicator IN (${ids.map(lit).join(', ')})` : 'false'} ORDER BY ${OBSERVATION_ORDER}
    ) TO ${lit(target)} (${parquetOptions(footer)})`);
    parts.push({ file, ...(await fileContentHash(db, target)), indicators: ids.sort() });
  }
  await db.run(
    `CREATE OR REPLACE VIEW observations AS SELECT * FROM read_parquet(${lit(path.join(outDir, NORMALISED_FILES.observations))})`,
  );
  // ordered by its key, as every published table is
  await db.run(`COPY (SELECT * FROM revisions ORDER BY indicator, region_kato, period, industry NULLS FIRST, partner NULLS FIRST,
                product NULLS FIRST, flow NULLS FIRST, superseded_source)
     TO ${lit(path.join(outDir, NORMALISED_FILES.revisions))} (FORMAT parquet, COMPRESSION zstd)`);
  lap('observations');
  return parts;
}

/** Part names sort as their numbers do. */
function partName(i: number): string {
  return `part-${String(i).padStart(5, '0')}.parquet`;
}

/**
 * The inputs with rows in groups that share no indicator with each other (one input each, mostly), in the
 * order of their first input; the same rows file given twice is one input.
 */
function sharingIndicators<T extends { file: string; indicatorIds: string[] }>(inputs: T[]): T[][] {
  const files = [...new Map(inputs.filter((i) => i.indicatorIds.length).map((i) => [i.file, i])).values()];
  const parent = files.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const owner = new Map<string, number>();
  for (const [i, f] of files.entries())
    for (const id of f.indicatorIds) {
      const o = owner.get(id);
      if (o === undefined) owner.set(id, i);
      else parent[root(i)] = root(o);
    }
  const groups = new Map<number, T[]>();
  for (const [i, f] of files.entries()) groups.set(root(i), [...(groups.get(root(i)) ?? []), f]);
  return [...groups.values()];
}

/** Labels a source declares it writes another way (registry/recodings.csv): one warning per file. */
async function remappedLabelWarnings(db: Db): Promise<string[]> {
  const remapped = await db.all<{ source: string; n: number; note: string }>(`
    SELECT split_part(source, '#', 1) AS source, count(*)::INTEGER AS n, min(regexp_extract(note, 'label .*')) AS note
    FROM observations WHERE note LIKE '%label ''%read as%as the source declares%' GROUP BY ALL ORDER BY source`);
  return remapped.map((r) => `${r.source}: ${r.n} rows: ${r.note}`);
}

/** A revised figure is never silent: how many values each newer source revised in each older one. */
async function revisionNotes(db: Db): Promise<string[]> {
  const bySource = await db.all<{ source: string; superseded_source: string; n: number }>(
    'SELECT source, superseded_source, count(*)::INTEGER AS n FROM revisions GROUP BY ALL ORDER BY ALL',
  );
  return bySource.map(
    (r) =>
      `${r.n} values of ${r.superseded_source} are revised by the newer ${r.source} (kept in the revisions table)`,
  );
}
