import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Db, ident, lit } from '../../core/duckdb.ts';
import { CheckFailedError, inSqlFile, PROBLEMS_PER_FILE, type Problem } from '../../core/errors.ts';
import { hashJson } from '../../core/hash.ts';
import { fromRoot } from '../../core/paths.ts';
import type { CheckSpec, TableSpec } from '../../core/pipeline.ts';
import { stepTimer } from '../../core/step-timer.ts';
import { findChecks, pipelineChecks } from '../../models/checks.ts';
import { SHARED_MACROS } from '../../models/macros.ts';
import { OBSERVATION_CHECKS } from '../../normalise/layout.ts';
import { checkByPart, findingBasis, type PartFindings } from '../check-by-part.ts';
import { codeComponents, moduleFile } from '../code-hash.ts';
import { attachNormalised, setParams } from './compute.ts';
import { type StageOutputs, stageOutputs, type TableOutput, type TablePart } from './outputs.ts';
import {
  type LastRun,
  outputDir,
  type Stage,
  type StageContext,
  type StageResult,
  stageFile,
  type Warning,
} from './types.ts';

/**
 * check: guards before anything is published. The pipeline's observations
 * pass the normalisation's own checks (src/normalise/checks: value ranges,
 * units, Republic totals against the regions); every table gets the generic
 * checks its contract implies (a unique, complete primary key; no NULL in
 * required columns; no NaN or Infinity anywhere, since division by zero must
 * give NULL); each pipeline adds the SQL checks of its folder's `checks/`
 * (src/models/checks.ts: each file's header declares its severity). A failed
 * `error` check stops the publish (exit 4); a `warn` check goes into the run
 * report.
 */
function checksOf(ctx: StageContext): CheckSpec[] {
  return [...findChecks(OBSERVATION_CHECKS), ...pipelineChecks(ctx.pipelineFile)];
}

/**
 * The generic checks of one table. Whether any row breaks them is found in
 * one pass over the table (a count per check); the rows are listed only for
 * a check that something broke.
 */
export async function genericViolations(
  db: Db,
  spec: TableSpec,
  from = spec.name,
): Promise<{ check: string; message: string }[]> {
  const t = ident(from);
  const key = spec.primaryKey.map(ident).join(', ');
  const keyText = spec.primaryKey.map((k) => `coalesce(${ident(k)}::VARCHAR, 'NULL')`).join(` || ', ' || `);
  const perRow: { name: string; where: string; message: string }[] = [];
  for (const c of spec.columns) {
    if (c.required)
      perRow.push({
        name: `${c.name} present`,
        where: `${ident(c.name)} IS NULL`,
        message: `'has no ${c.name}'`,
      });
    if (c.type === 'double')
      perRow.push({
        name: `${c.name} finite`,
        where: `${ident(c.name)} IS NOT NULL AND NOT isfinite(${ident(c.name)})`,
        message: `'has ${c.name} = ' || ${ident(c.name)} || ' (division by zero must give NULL)'`,
      });
  }
  const out: { check: string; message: string }[] = [];
  if (perRow.length) {
    const counts = await db.one<Record<string, number>>(
      `SELECT ${perRow.map((r, i) => `count(*) FILTER (WHERE ${r.where})::INTEGER AS c${i}`).join(', ')} FROM ${t}`,
    );
    for (const [i, r] of perRow.entries())
      if (counts?.[`c${i}`])
        for (const message of await violations(
          db,
          `SELECT 'row (' || ${keyText} || ') ' || ${r.message} AS message FROM ${t} WHERE ${r.where}`,
        ))
          out.push({ check: `${spec.name}: ${r.name}`, message });
  }
  // Keys are grouped by their hash first (one 64-bit value instead of up to seven strings: half the time at
  // two million rows); only rows whose hash is repeated, duplicates or collisions, are grouped by the key.
  const keyHash = (alias: string) => `hash(${spec.primaryKey.map((k) => `${alias}.${ident(k)}`).join(', ')})`;
  for (const message of await violations(
    db,
    `WITH repeated AS (SELECT ${keyHash(t)} AS h FROM ${t} GROUP BY h HAVING count(*) > 1)
     SELECT 'key (' || ${keyText} || ') appears ' || count(*) || ' times' AS message
     FROM ${t} SEMI JOIN repeated r ON ${keyHash(t)} = r.h GROUP BY ${key} HAVING count(*) > 1`,
  ))
    out.push({ check: `${spec.name}: unique key`, message });
  return out;
}

/** A check's messages in a fixed order, so the same data give the same run report (and known warnings stay known). */
async function violations(db: Db, sql: string): Promise<string[]> {
  const rows = await db.all<{ message: string }>(
    `SELECT message::VARCHAR AS message FROM (${sql.trim().replace(/;\s*$/, '')}) ORDER BY message LIMIT ${PROBLEMS_PER_FILE + 1}`,
  );
  return rows.map((r) => r.message);
}

export const checkStage: Stage<StageOutputs['check']> = {
  output: stageOutputs.check,
  hasOutput: false,
  async components(ctx) {
    return {
      'upstream:compute': ctx.fingerprints.compute!,
      ...(await codeComponents(
        {
          modules: [moduleFile(import.meta.url)],
          files: [SHARED_MACROS, ...checksOf(ctx).map((c) => c.sql)],
        },
        ctx.code,
      )),
    };
  },
  async run(ctx, _dir, last) {
    // Its own DuckDB: the computed tables are read back from the files that will be published, not from memory.
    const db = await ctx.freshDb();
    try {
      return await runChecks(ctx, db, last);
    } finally {
      db.close();
    }
  },
};

async function runChecks(
  ctx: StageContext,
  db: Db,
  last: LastRun<StageOutputs['check']> | undefined,
): Promise<StageResult<StageOutputs['check']>> {
  await attachNormalised(db, outputDir(ctx, 'normalise'));
  await setParams(db, ctx.params);
  for (const [name, t] of Object.entries(ctx.records.compute!.data.tables))
    await db.run(
      `CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM read_parquet(${lit(stageFile(ctx, t.stage, t.file))})`,
    );

  const errors: Problem[] = [];
  const warnings: Warning[] = [];
  // milliseconds per table and per check, for --verbose and the benchmarks
  const { timings, lap } = stepTimer();
  const passed = passedBefore(ctx, last);
  const passedParts: string[] = [];
  for (const spec of ctx.pipeline.tables) {
    const output = ctx.records.compute!.data.tables[spec.name]!;
    const parts = partsToCheck(spec, output, passed);
    if (parts) passedParts.push(...parts.all);
    let from = spec.name;
    if (parts && parts.fresh.length < parts.all.length) {
      from = `${spec.name}__fresh`;
      // no part new (an input removed): nothing of it to check again
      const files = parts.fresh.map((p) => lit(stageFile(ctx, output.stage, p.file)));
      await db.run(
        `CREATE OR REPLACE VIEW ${ident(from)} AS SELECT * FROM ${files.length ? `read_parquet([${files.join(', ')}])` : `${ident(spec.name)} WHERE false`}`,
      );
    }
    for (const v of await genericViolations(db, spec, from))
      errors.push({ file: `${ctx.pipeline.dataset}.${spec.name}`, where: v.check, message: v.message });
    lap(spec.name);
  }
  const byPart = await observationChecksByPart(ctx, db, last);
  for (const check of checksOf(ctx)) {
    const name = path.basename(check.sql, '.sql');
    const sql = await readFile(fromRoot(check.sql), 'utf8');
    const run = () => inSqlFile(check.sql, () => violations(db, sql));
    const found = byPart?.checks.has(check.sql) ? await byPart.run(name, run) : await run();
    if (check.severity === 'error')
      for (const message of found) errors.push({ file: check.sql, where: name, message });
    else for (const message of found) warnings.push({ check: name, message });
    lap(`${name}.sql`);
    // the pipeline's own checks read the whole table
    if (byPart?.checks.has(check.sql)) await attachNormalised(db, outputDir(ctx, 'normalise'));
  }
  ctx.log.debug(`check steps (ms): ${JSON.stringify(timings)}`, { checkSteps: timings });
  if (errors.length)
    throw new CheckFailedError(
      `${errors.length}${errors.length > PROBLEMS_PER_FILE ? '+' : ''} data check violation(s); nothing was published\n${errors
        .map((e) => `  ${e.where}: ${e.message}`)
        .join('\n')}`,
      errors,
    );
  return {
    warnings,
    data: { passedParts, findings: byPart?.findings ?? {} },
    ...(byPart?.note() && { note: byPart.note() }),
  };
}

/**
 * The normalisation's checks part by part (src/engine/check-by-part.ts), when the observations are in
 * parts; with the findings of the last check when nothing but the computed tables changed since.
 */
async function observationChecksByPart(
  ctx: StageContext,
  db: Db,
  last: LastRun<StageOutputs['check']> | undefined,
) {
  const parts = ctx.records.normalise?.data.parts ?? [];
  if (!parts.length) return undefined;
  const known = trustedLast(ctx, last)?.findings ?? {};
  const basis = await findingBasis(db, ctx.params);
  const files = parts.map((p) => ({ path: stageFile(ctx, 'normalise', p.file), hash: p.hash }));
  const findings: PartFindings = {};
  // the most parts any one check read: all of them read the same ones, unless one is new
  let read = 0;
  return {
    checks: new Set(findChecks(OBSERVATION_CHECKS).map((c) => c.sql)),
    findings,
    async run(check: string, violations: () => Promise<string[]>): Promise<string[]> {
      const r = await checkByPart(db, { check, basis, parts: files, known, violations });
      Object.assign(findings, r.findings);
      read = Math.max(read, r.read);
      return r.messages;
    },
    /** said only when some part was not read again */
    note: () =>
      read < files.length
        ? `the observation checks read ${read} of ${files.length} parts; the others' findings are the last check's`
        : undefined,
  };
}

/**
 * The last check's record, when nothing but the computed tables changed since (and no --force): what it
 * found in a part named by its content holds again, so that part is not read again.
 */
function trustedLast(
  ctx: StageContext,
  last: LastRun<StageOutputs['check']> | undefined,
): StageOutputs['check'] | undefined {
  const onlyTables = last?.changed.length === 1 && last.changed[0] === 'upstream:compute';
  return onlyTables && !ctx.opts.force ? last.record.data : undefined;
}

/** The parts the last check passed (trustedLast): a part that passed the generic checks passes them again. */
function passedBefore(ctx: StageContext, last: LastRun<StageOutputs['check']> | undefined): Set<string> {
  return new Set(trustedLast(ctx, last)?.passedParts ?? []);
}

/**
 * A table in parts, each part by its content and contract, and those not passed before. Checking the new
 * parts alone is exact only if no key can be in two parts: the parts split the table by a column of its
 * key (by input, parts share no indicator); otherwise the whole table is checked.
 */
export function partsToCheck(
  spec: TableSpec,
  output: TableOutput,
  passed: Set<string>,
): { all: string[]; fresh: TablePart[] } | undefined {
  const by = spec.parts === 'inputs' ? 'indicator' : spec.parts?.by;
  if (!output.parts || !by || !spec.primaryKey.includes(by)) return undefined;
  const contract = hashJson([spec.columns, spec.primaryKey]);
  const key = (p: TablePart) => `${spec.name}:${contract}:${p.hash}`;
  return { all: output.parts.map(key), fresh: output.parts.filter((p) => !passed.has(key(p))) };
}
