import { type Db, ident } from '../core/duckdb.ts';
import { InputError } from '../core/errors.ts';

/**
 * The fixed-effects (within) estimator for a panel held in DuckDB: every
 * variable is demeaned by entity in SQL, the k x k normal equations are
 * solved here (k is small), and the standard errors are the conventional
 * ones with the degrees of freedom of the absorbed entity means
 * (N - entities - k), as R plm (model = "within") and Stata `xtreg, fe`
 * report them. Rows with a missing value in any variable are left out, as
 * both of them do.
 */
export interface WithinSpec {
  /** a table or view in `db` */
  relation: string;
  entity: string;
  time: string;
  y: string;
  x: string[];
  /** add a dummy per period (the first left out), as `xtreg y x i.year, fe` does */
  timeEffects?: boolean;
}

export interface WithinTerm {
  term: string;
  coefficient: number;
  std_error: number;
  t: number;
}

export interface WithinResult {
  y: string;
  terms: WithinTerm[];
  /** coefficients of the period dummies, when asked for */
  time_effects: WithinTerm[];
  n: number;
  entities: number;
  periods: number;
  df_resid: number;
  /** NULL when y does not vary within any entity */
  within_r2: number | null;
  rss: number;
  tss: number;
  sigma: number;
  dropped_missing: number;
  /** period dummies left out because the entity effects span them */
  omitted: string[];
}

export class SingularError extends Error {
  constructor(
    message: string,
    /** the regressor (by position) with no variation left, when one is to blame */
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Cholesky factor of a symmetric positive definite matrix; names the first column with no variation left. */
function cholesky(a: number[][], names: string[]): number[][] {
  const k = a.length;
  const l = a.map(() => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let d = a[j]![j]!;
    for (let p = 0; p < j; p++) d -= l[j]![p]! ** 2;
    // Relative to the column's own sum of squares: what is left after the others explain it.
    if (!(d > 1e-10 * Math.max(a[j]![j]!, Number.MIN_VALUE)))
      throw new SingularError(
        a[j]![j]! === 0
          ? `'${names[j]}' does not vary within any entity (the fixed effects absorb it)`
          : `'${names[j]}' is collinear with the other regressors after removing the entity means`,
        j,
      );
    l[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < k; i++) {
      let s = a[i]![j]!;
      for (let p = 0; p < j; p++) s -= l[i]![p]! * l[j]![p]!;
      l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

/** Inverse of L L' from its Cholesky factor L. */
function invertFromCholesky(l: number[][]): number[][] {
  const k = l.length;
  const inv = l.map(() => new Array<number>(k).fill(0));
  for (let c = 0; c < k; c++) {
    // Solve L z = e_c, then L' w = z.
    const z = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      let s = i === c ? 1 : 0;
      for (let p = 0; p < i; p++) s -= l[i]![p]! * z[p]!;
      z[i] = s / l[i]![i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let p = i + 1; p < k; p++) s -= l[p]![i]! * inv[p]![c]!;
      inv[i]![c] = s / l[i]![i]!;
    }
  }
  return inv;
}

export async function withinRegression(db: Db, spec: WithinSpec): Promise<WithinResult> {
  const { y, x } = spec;
  const total = await loadCompleteRows(db, spec);
  const { names, columns, periods } = await addRegressors(db, spec);
  await demeanByEntity(db, ['v0', ...columns]);
  const sums = await crossProducts(db, columns);
  const n = sums.n!;
  const entities = sums.entities!;
  if (n === 0) throw new SingularError('no row has a value for every variable');
  const { keep, l, omitted } = factorLeavingOutSpannedDummies(sums, names, x.length);
  const kept = keep.length;
  const dfKept = n - entities - kept;
  if (dfKept <= 0)
    throw new SingularError(
      `${n} observations of ${entities} entities leave no degrees of freedom for ${kept} regressors (N - entities - k = ${dfKept})`,
    );
  const xy = keep.map((i) => sums[`xy_${i}`]!);
  const inv = invertFromCholesky(l);
  const b = inv.map((row) => row.reduce((s, v, j) => s + v * xy[j]!, 0));

  // The residual sum of squares from the residuals themselves, not y'y - b'X'y, to keep every digit.
  const rss = await db.value<number>(
    `SELECT sum((v0 - (${keep.map((c, i) => `${b[i]!.toPrecision(17)} * ${columns[c]}`).join(' + ')})) ** 2) FROM fe_demeaned`,
  );
  const tss = sums.tss!;
  const sigma2 = rss / dfKept;
  const terms = keep.map((c, i) => {
    const se = Math.sqrt(sigma2 * inv[i]![i]!);
    return { term: names[c]!, coefficient: b[i]!, std_error: se, t: b[i]! / se };
  });
  await db.run('DROP TABLE IF EXISTS fe_rows; DROP TABLE IF EXISTS fe_demeaned;');
  return {
    y,
    terms: terms.slice(0, x.length),
    time_effects: terms.slice(x.length),
    n,
    entities,
    periods,
    df_resid: dfKept,
    omitted,
    within_r2: tss > 0 ? 1 - rss / tss : null,
    rss,
    tss,
    sigma: Math.sqrt(sigma2),
    dropped_missing: total - n,
  };
}

/**
 * Copies the rows with every variable into `fe_rows` (y as v0, the regressors as v1..vk) and returns
 * how many rows the relation had, so the caller can say how many were left out.
 */
async function loadCompleteRows(db: Db, { relation, entity, time, y, x }: WithinSpec): Promise<number> {
  const used = [y, ...x];
  const complete = used.map((c) => `${ident(c)} IS NOT NULL`).join(' AND ');
  const total = await db.value<number>(`SELECT count(*)::INTEGER FROM ${relation}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE fe_rows AS
    SELECT ${ident(entity)}::VARCHAR AS fe_entity, ${ident(time)}::VARCHAR AS fe_time,
           ${used.map((c, i) => `${ident(c)}::DOUBLE AS v${i}`).join(', ')}
    FROM ${relation} WHERE ${complete} AND ${ident(entity)} IS NOT NULL`);
  return total;
}

/** The regressors' names and columns in `fe_rows`, with the period dummies when asked for. */
async function addRegressors(
  db: Db,
  { time, x, timeEffects }: WithinSpec,
): Promise<{ names: string[]; columns: string[]; periods: number }> {
  // Period dummies as extra regressors: exact for unbalanced panels, unlike double demeaning.
  const names = [...x];
  let columns = x.map((_, i) => `v${i + 1}`);
  let periods = await db.value<number>('SELECT count(DISTINCT fe_time)::INTEGER FROM fe_rows');
  if (timeEffects) {
    const times = await db.all<{ t: string }>('SELECT DISTINCT fe_time AS t FROM fe_rows ORDER BY 1');
    periods = times.length;
    const dummies = times.slice(1).map((t, i) => ({ name: `${time}=${t.t}`, col: `d${i}`, value: t.t }));
    if (dummies.length) {
      await db.run(`CREATE OR REPLACE TEMP TABLE fe_rows AS
        SELECT *, ${dummies.map((d) => `(fe_time = '${d.value.replaceAll("'", "''")}')::DOUBLE AS ${d.col}`).join(', ')}
        FROM fe_rows`);
      names.push(...dummies.map((d) => d.name));
      columns = [...columns, ...dummies.map((d) => d.col)];
    }
  }
  return { names, columns, periods };
}

async function demeanByEntity(db: Db, all: string[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE fe_demeaned AS
    SELECT fe_entity, ${all.map((c) => `${c} - avg(${c}) OVER (PARTITION BY fe_entity) AS ${c}`).join(', ')}
    FROM fe_rows`);
}

/** X'X (upper triangle, `xx_i_j`), X'y (`xy_i`), y'y (`tss`), n and the entity count, in one pass. */
async function crossProducts(db: Db, columns: string[]): Promise<Record<string, number>> {
  const k = columns.length;
  const products: string[] = [];
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) products.push(`sum(${columns[i]} * ${columns[j]}) AS xx_${i}_${j}`);
  for (let i = 0; i < k; i++) products.push(`sum(${columns[i]} * v0) AS xy_${i}`);
  return (await db.one<Record<string, number>>(
    `SELECT count(*)::INTEGER AS n, count(DISTINCT fe_entity)::INTEGER AS entities, sum(v0 * v0) AS tss,
            ${products.join(', ')} FROM fe_demeaned`,
  ))!;
}

/**
 * The Cholesky factor of X'X over the regressors kept (`keep`, by position). Period dummies that the entity
 * effects already span (a period only entities of their own observe) are left out one by one, as Stata
 * does; a collinear regressor of the user's (one of the first `userRegressors`) is an error.
 */
function factorLeavingOutSpannedDummies(
  sums: Record<string, number>,
  names: string[],
  userRegressors: number,
): { keep: number[]; l: number[][]; omitted: string[] } {
  let keep = names.map((_, i) => i);
  let l: number[][] | undefined;
  const omitted: string[] = [];
  while (!l) {
    const xxKept = keep.map((i) => keep.map((j) => sums[`xx_${Math.min(i, j)}_${Math.max(i, j)}`]!));
    try {
      l = cholesky(
        xxKept,
        keep.map((i) => names[i]!),
      );
    } catch (e) {
      if (!(e instanceof SingularError) || e.column === undefined || keep[e.column]! < userRegressors)
        throw e;
      omitted.push(names[keep[e.column]!]!);
      keep = keep.filter((_, i) => i !== e.column);
    }
  }
  return { keep, l, omitted };
}

/** The same estimator for callers that report problems as input errors (the CLI). */
export async function withinRegressionOrInputError(
  db: Db,
  spec: WithinSpec,
  file: string,
): Promise<WithinResult> {
  try {
    return await withinRegression(db, spec);
  } catch (e) {
    if (e instanceof SingularError) throw new InputError(`${file}: cannot estimate: ${e.message}`);
    throw e;
  }
}
