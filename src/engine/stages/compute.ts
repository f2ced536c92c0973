import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { partHash, rowsContent } from '../../core/content-hash.ts';
import { type Db, ident, lit, parquetOptions, type Row } from '../../core/duckdb.ts';
import { inSqlFile, PipelineError } from '../../core/errors.ts';
import { hashJson, stableStringify } from '../../core/hash.ts';
import { fromRoot } from '../../core/paths.ts';
import type { TableSpec } from '../../core/pipeline.ts';
import { stepTimer } from '../../core/step-timer.ts';
import { SHARED_MACROS } from '../../models/macros.ts';
import { NORMALISED_FILES } from '../../normalise/layout.ts';
import { duckdbType } from '../../publish/contract.ts';
import { footerMetadata } from '../../publish/footer.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import {
  attachChangedObservations,
  carryParts,
  completeTable,
  computedName,
  byIndicator as isByIndicator,
  keptTables,
  madeBetween,
  normaliseBasis,
  planReuse,
  saveKeptTables,
} from '../compute-by-indicator.ts';
import { expectContract, runSqlModel } from '../run-model.ts';
import { runVersion } from '../run-version.ts';
import { gapWarnings, tableGaps } from '../table-gaps.ts';
import { type StageOutputs, stageOutputs, type TableOutput, type TablePart } from './outputs.ts';
import { outputDir, type Stage, type StageContext, stageFile, type Warning } from './types.ts';

/**
 * compute: the pipeline's steps (SQL files, or TypeScript where SQL cannot
 * do the job) run in DuckDB over the normalised observations; each published
 * table is cast to its contract and written, ordered by its key, to the
 * stage's cache folder.
 */
export function stepFiles(ctx: StageContext): string[] {
  return ctx.pipeline.steps.flatMap((s) => ('sql' in s ? [s.sql] : []));
}

/** Pipeline parameters as DuckDB variables: SQL reads them with getvariable('name'). */
export async function setParams(db: Db, params: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(params)) {
    let literal: string;
    if (typeof value === 'number') literal = Number.isFinite(value) ? `${value}::DOUBLE` : 'NULL';
    else if (typeof value === 'boolean') literal = String(value);
    else if (typeof value === 'string') literal = lit(value);
    else if (Array.isArray(value))
      literal = `[${value.map((v) => (typeof v === 'number' ? String(v) : lit(String(v)))).join(', ')}]`;
    else if (value === null || value === undefined) literal = 'NULL';
    else literal = lit(JSON.stringify(value));
    await db.run(`SET VARIABLE ${ident(name)} = ${literal}`);
  }
}

/** Views over the normalise stage's output, under the names pipeline SQL uses. */
export async function attachNormalised(db: Db, normaliseDir: string): Promise<void> {
  await db.run(`
    CREATE OR REPLACE VIEW observations AS SELECT * FROM read_parquet(${lit(path.join(normaliseDir, NORMALISED_FILES.observations))});
    CREATE OR REPLACE VIEW revisions AS SELECT * FROM read_parquet(${lit(path.join(normaliseDir, NORMALISED_FILES.revisions))});`);
}

/**
 * `ctx.query` of a TypeScript step: a SQL file of the pipeline's folder, only if the compute fingerprint
 * covers it (a step file, or one of `reads` or under a folder there), so a query cannot change unseen.
 */
async function queryFile<T extends Row>(ctx: StageContext, db: Db, step: string, file: string): Promise<T[]> {
  const rel = path.posix.join(path.posix.dirname(ctx.pipelineFile), file);
  const covered = [...stepFiles(ctx), ...(ctx.pipeline.reads ?? [])].some(
    (f) => rel === f || rel.startsWith(`${f.replace(/\/+$/, '')}/`),
  );
  if (!covered)
    throw new PipelineError(
      ctx.pipelineFile,
      `its step '${step}' queries ${rel}, which its reads do not list: add the file or its folder to reads, so that a change to it re-runs compute`,
    );
  let sql: string;
  try {
    sql = await readFile(fromRoot(rel), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new PipelineError(ctx.pipelineFile, `its step '${step}' queries ${rel}, which is not there`);
  }
  return inSqlFile(rel, () => db.all<T>(sql));
}

export async function tableContentHash(
  db: Db,
  file: string,
  spec: TableSpec,
): Promise<{ rows: number; hash: string }> {
  const c = await rowsContent(db, `read_parquet(${lit(file)})`);
  return { rows: c.rows, hash: hashJson([spec.columns, spec.primaryKey, c.rows, c.sum]) };
}

/** A computed table in its contract's column order (its types are the contract's: expectContract), in key order. */
function contractSelect(spec: TableSpec, where = '', from = spec.name): string {
  const select = spec.columns.map((c) => ident(c.name)).join(', ');
  const order = spec.primaryKey.map((k) => `${ident(k)} NULLS FIRST`).join(', ');
  return `SELECT ${select} FROM ${ident(from)} ${where} ORDER BY ${order}`;
}

/** A table of parts: of its columns, key and the parts' content, whichever order they are listed in. */
function partsContentHash(spec: TableSpec, parts: TablePart[]): { rows: number; hash: string } {
  return {
    rows: parts.reduce((n, p) => n + p.rows, 0),
    hash: hashJson([spec.columns, spec.primaryKey, parts.map((p) => p.hash).sort()]),
  };
}

/**
 * A table published in parts by a column: one file per value, in key order, named by its content and
 * written with the footer of the version it is for, so the version can hold that very file.
 */
async function writeParts(
  db: Db,
  spec: TableSpec,
  parts: { by: string },
  dir: string,
  footer: Record<string, string>,
  from = spec.name,
  emptyPart = true,
): Promise<TablePart[]> {
  const by = spec.columns.find((c) => c.name === parts.by);
  if (!by?.required)
    throw new PipelineError(
      `table ${spec.name}`,
      `its parts are by '${parts.by}', which must be one of its required (never NULL) columns`,
    );
  await mkdir(path.join(dir, spec.name), { recursive: true });
  const typed = `(${contractSelect(spec, '', from)})`;
  const values = await db.all<{ v: string; rows: number; h: bigint }>(
    `SELECT ${ident(by.name)}::VARCHAR AS v, count(*)::INTEGER AS rows, sum(hash(t))::HUGEINT AS h
     FROM ${typed} t GROUP BY ALL ORDER BY v`,
  );
  const out: TablePart[] = [];
  // a table with no rows is one empty part: it is published with its schema, as every empty table is
  const each = values.length || !emptyPart ? values : [{ v: null, rows: 0, h: 0n }];
  for (const { v, rows, h } of each) {
    const hash = partHash({ rows, sum: String(h) });
    const file = `${spec.name}/${hash}.parquet`;
    const where =
      v === null ? 'WHERE false' : `WHERE ${ident(by.name)} = CAST(${lit(v)} AS ${duckdbType[by.type]})`;
    await db.run(
      `COPY (${contractSelect(spec, where, from)}) TO ${lit(path.join(dir, file))} (${parquetOptions(footer)})`,
    );
    out.push({ file, rows, hash, ...(by.name === 'indicator' && v !== null ? { indicators: [v] } : {}) });
  }
  return out;
}

/** The SQL model named after a table, or the pipeline's definition when a TypeScript step or script makes it. */
function modelOf(ctx: StageContext, table: string): string {
  return stepFiles(ctx).find((f) => path.basename(f, '.sql') === table) ?? ctx.pipelineFile;
}

/** Every table the pipeline declares was made by one of its steps: a declaration without its model is the author's slip. */
async function expectDeclaredTables(ctx: StageContext, db: Db): Promise<void> {
  const made = new Set(
    (
      await db.all<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views()`,
      )
    ).map((r) => r.name),
  );
  const missing = ctx.pipeline.tables.filter((t) => !t.fromNormalise && !made.has(t.name));
  if (missing.length)
    throw new PipelineError(
      ctx.pipelineFile,
      `it declares the table${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t.name}'`).join(', ')}, which no step creates (a model ${path.dirname(ctx.pipelineFile)}/models/<table>.sql, or a step that creates it)`,
    );
}

export const computeStage: Stage<StageOutputs['compute']> = {
  output: stageOutputs.compute,
  hasOutput: true,
  async components(ctx) {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.params)) params[`param:${k}`] = stableStringify(v);
    return {
      'upstream:normalise': ctx.fingerprints.normalise!,
      ...(await codeComponents(
        {
          modules: [moduleFile(import.meta.url), ctx.pipelineFile],
          files: [SHARED_MACROS, ...stepFiles(ctx), ...(ctx.pipeline.reads ?? [])],
        },
        ctx.code,
      )),
      'param:tables': hashJson(ctx.pipeline.tables),
      ...params,
    };
  },
  async run(ctx, dir, last) {
    const db = await ctx.db();
    // One thread for the pipeline's steps: a sum of doubles split over threads adds in the order they
    // finish, so its last digit moves between runs and a re-run would publish a "revision" that is none
    // (tests/engine/deterministic). Reset after them: writing the tables sorted by a unique key, hashing
    // them (an integer sum) and the publish stage, which shares this DuckDB, give the same content on any
    // number of threads, and on one the publish of a large table took 40 % longer.
    await db.run('SET threads = 1');
    await attachNormalised(db, outputDir(ctx, 'normalise'));
    const byIndicator = ctx.pipeline.computeBy === 'indicator';
    const reuse = await planReuse(ctx, last);
    if (reuse) await attachChangedObservations(db, outputDir(ctx, 'normalise'), reuse);
    const keptByStep = new Set<string>();
    await setParams(db, ctx.params);
    const warnings: Warning[] = [];
    const notes: string[] = [];
    // milliseconds per step and per table written, for --verbose and the benchmarks
    const { timings, lap } = stepTimer();
    const published = new Map(ctx.pipeline.tables.filter((t) => !t.fromNormalise).map((t) => [t.name, t]));
    const checked = new Set<string>();
    for (const step of ctx.pipeline.steps) {
      const before = byIndicator ? await keptTables(db) : undefined;
      if ('sql' in step) {
        // the contract at once, before the models that read it run: a mismatch is found in the model's own time
        const spec = published.get(path.basename(step.sql, '.sql'));
        await runSqlModel(db, step.sql, spec && { pipeline: ctx.pipeline.name, spec });
        if (spec) checked.add(spec.name);
      } else {
        const check = step.name;
        await step.run({
          db,
          params: ctx.params,
          log: ctx.log,
          warn: (message) => warnings.push({ check, message }),
          note: (m) => notes.push(m),
          query: (file) => queryFile(ctx, db, check, file),
        });
      }
      if (before)
        for (const t of madeBetween(before, await keptTables(db))) {
          await completeTable(db, ctx, t, 'sql' in step ? step.sql : ctx.pipelineFile, reuse);
          keptByStep.add(t);
        }
      lap('sql' in step ? path.basename(step.sql) : step.name);
    }
    await db.run('RESET threads');
    await expectDeclaredTables(ctx, db);
    for (const spec of published.values())
      if (!checked.has(spec.name))
        await expectContract(db, modelOf(ctx, spec.name), { pipeline: ctx.pipeline.name, spec });
    const tables: Record<string, TableOutput> = {};
    for (const spec of ctx.pipeline.tables) {
      let file: string;
      let table: Pick<TableOutput, 'stage' | 'file' | 'parts'>;
      if (spec.fromNormalise) {
        table = { stage: 'normalise', file: NORMALISED_FILES[spec.fromNormalise] };
        file = stageFile(ctx, 'normalise', table.file);
        if (spec.parts === 'inputs' && spec.fromNormalise === 'observations')
          table.parts = ctx.records.normalise!.data.parts;
      } else if (typeof spec.parts === 'object') {
        const footer = footerMetadata(ctx.pipeline.dataset, await runVersion(ctx), spec);
        // compute by indicator: the parts of the indicators computed now, and the last run's of the others
        const carried = reuse && isByIndicator(spec) ? await carryParts(reuse, spec.name, dir) : [];
        const from = reuse && isByIndicator(spec) ? computedName(spec.name) : spec.name;
        table = {
          stage: 'compute',
          file: `${spec.name}/*.parquet`,
          parts: [
            ...(await inSqlFile(modelOf(ctx, spec.name), () =>
              writeParts(db, spec, spec.parts as { by: string }, dir, footer, from, carried.length === 0),
            )),
            ...carried,
            // in the order of a run that computed them all (by indicator), so the descriptor lists them alike
          ].sort((x, y) => {
            const [a, b] = [x.indicators?.[0] ?? '', y.indicators?.[0] ?? ''];
            return a < b ? -1 : a > b ? 1 : 0;
          }),
        };
        file = path.join(dir, table.file);
      } else {
        table = { stage: 'compute', file: `${spec.name}.parquet` };
        file = path.join(dir, table.file);
        await inSqlFile(modelOf(ctx, spec.name), () =>
          db.run(`COPY (${contractSelect(spec)}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd)`),
        );
      }
      const content = table.parts
        ? partsContentHash(spec, table.parts)
        : await tableContentHash(db, file, spec);
      // a table's `needs.where` is the pipeline's SQL: a mistake in it is the pipeline's
      const gaps = spec.fromNormalise
        ? undefined
        : await inSqlFile(ctx.pipelineFile, () => tableGaps(db, spec, content.rows));
      warnings.push(...gapWarnings(ctx.pipeline.dataset, spec.name, gaps));
      if (gaps?.not_computed)
        notes.push(`The table ${spec.name} has no rows: it ${gaps.not_computed.reason}.`);
      tables[spec.name] = { ...table, ...content, ...(gaps ? { gaps } : {}) };
      lap(`${spec.name}.parquet`);
    }
    const byIndicatorRecord = byIndicator
      ? {
          computedFrom: ctx.records.normalise!.data.parts,
          normaliseBasis: normaliseBasis(ctx),
          kept: await saveKeptTables(db, ctx, [...keptByStep], dir),
        }
      : {};
    ctx.log.debug(`compute steps (ms): ${JSON.stringify(timings)}`, { computeSteps: timings });
    return {
      rows: Object.values(tables).reduce((n, t) => n + t.rows, 0),
      warnings,
      ...(reuse
        ? {
            note: `computed the ${reuse.changed.length} indicator${reuse.changed.length === 1 ? '' : 's'} of the changed inputs (${reuse.changed.join(', ')}); the other ${reuse.kept.length} from the last run`,
          }
        : {}),
      data: { tables, notes, computedFrom: [], ...byIndicatorRecord },
    };
  },
};
