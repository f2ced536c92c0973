import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Db, lit } from '../src/core/duckdb.ts';
import { fromRoot } from '../src/core/paths.ts';

/**
 * SYNTHETIC benchmark data for `npm run bench` (bench/scale.ts): made-up
 * figures in the layouts kzstat reads, at the scale of district-level monthly
 * statistics. Nothing here is a statistic: every file name starts with
 * `synthetic-`, the folder gets a README saying so, every catalogue row says
 * so in its description and every data row in its `source` column (the
 * workbook in its title and a footnote).
 *
 * - territories: the 20 oblasts and 209 districts of the real KATO classifier
 *   (registry/kato.csv, level oblast/district) and the Republic: 230;
 * - periods: the last `periods` months up to 2024-M12 (300 = 2000-M01 .. 2024-M12);
 * - indicators: synthetic_001 .. synthetic_NNN, units from catalog/units.csv,
 *   declared in synthetic-catalog.csv (pass it with --catalog).
 *
 * Districts get values from a seeded integer hash (the same numbers on every
 * run and machine, whatever DuckDB's thread count); an oblast with districts
 * is their sum (their mean for ratios), the three cities without districts
 * get values of their own, and the Republic is the sum (mean) of the oblasts,
 * so the engine's Republic-versus-regions check has nothing to report. About
 * 0.2 % of district figures are confidential (empty value, status x).
 *
 * With `settlementYears`, also gross value added by OKED section for the
 * 12,986 settlements of the classifier: a load for the index SQL.
 *
 * The large CSVs are written by DuckDB (COPY), never row by row in JavaScript;
 * only the small workbook (one indicator x 230 territories x 24 months) is
 * built cell by cell, with exceljs.
 */
export const TERRITORIES = 230;
export const FULL_PERIODS = 300;
export const FULL_INDICATORS = 150;
export const DEFAULT_SEED = 20260101;
export const SYNTHETIC_SOURCE = 'SYNTHETIC bench data - not statistics';

export interface GenerateOptions {
  dir: string;
  /** synthetic indicators in the large CSV (150 for about 10 million observations) */
  indicators: number;
  /** months, ending 2024-M12 (at most 300) */
  periods?: number;
  seed?: number;
  /**
   * years (ending 2024) of gross value added by OKED section for every
   * settlement of the KATO classifier, for the index SQL at scale; 0 or
   * absent: none
   */
  settlementYears?: number;
}

export interface GeneratedFiles {
  dir: string;
  observationsCsv: string;
  catalogCsv: string;
  indexInputsCsv: string;
  workbook: string;
  /** the indicator the workbook holds (it names none itself: --input ID=FILE) */
  workbookIndicator: string;
  readme: string;
  /** rows of the large CSV */
  observations: number;
  indexInputRows: number;
  workbookCells: number;
  periods: number;
  indicators: number;
  /** gross value added by section for every settlement, and its rows (settlementYears) */
  settlementGvaCsv?: string;
  settlementGvaRows?: number;
}

/** Units the synthetic indicators cycle through: catalogue unit, additive, min, max, level. */
const UNIT_PLAN = [
  { unit: 'persons', additive: true, min: '0', max: '', level: 20000, decimals: 0 },
  { unit: 'million tenge', additive: true, min: '0', max: '', level: 5000, decimals: 1 },
  { unit: 'count', additive: true, min: '0', max: '', level: 300, decimals: 0 },
  { unit: 'percent', additive: false, min: '0', max: '100', level: 40, decimals: 1 },
  { unit: 'thousand tenge', additive: true, min: '0', max: '', level: 80000, decimals: 1 },
  { unit: 'thousand USD', additive: true, min: '0', max: '', level: 2000, decimals: 1 },
  { unit: 'thousand persons', additive: true, min: '0', max: '', level: 25, decimals: 1 },
  { unit: 'percent, previous year = 100', additive: false, min: '0', max: '1000', level: 100, decimals: 1 },
  {
    unit: 'persons per million inhabitants',
    additive: false,
    min: '0',
    max: '1000000',
    level: 600,
    decimals: 1,
  },
] as const;

/** Real catalogue indicators the index SQL reads, filled with SYNTHETIC figures for the bench only. */
const INDEX_INDICATORS = [
  { id: 'rd_organisations', unit: 'count', additive: true, level: 5, decimals: 0 },
  {
    id: 'researchers_per_million',
    unit: 'persons per million inhabitants',
    additive: false,
    level: 600,
    decimals: 1,
  },
  { id: 'rd_expenditure_pct_grp', unit: 'percent', additive: false, level: 0.5, decimals: 2 },
  { id: 'innovation_active_enterprises_pct', unit: 'percent', additive: false, level: 10, decimals: 1 },
  { id: 'innovative_products_pct_grp', unit: 'percent', additive: false, level: 2, decimals: 2 },
  { id: 'tech_innovation_expenditure_pct_grp', unit: 'percent', additive: false, level: 1.5, decimals: 2 },
] as const;
const OKED_SECTIONS = 'ABCDEFGHIJKLMNOPQRSTU'.split('');

const MONTHS_RU = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

export function indicatorId(i: number): string {
  return `synthetic_${String(i).padStart(3, '0')}`;
}

/** Indicators for a target number of observations (230 territories x 300 months each). */
export function indicatorsFor(observations: number, periods = FULL_PERIODS): number {
  return Math.max(1, Math.round(observations / (TERRITORIES * periods)));
}

/**
 * The SQL of the generator. `u(key, salt)` is a uniform number in [0, 1) from
 * a 32-bit integer hash (xor-shift-multiply, as in common hash finalisers),
 * computed in BIGINT so nothing overflows: deterministic, unlike random().
 */
function macros(seed: number): string {
  return `
    CREATE OR REPLACE MACRO bench_mix(x) AS (xor(x::BIGINT, x::BIGINT >> 16) * 73244475) % 4294967296;
    CREATE OR REPLACE MACRO bench_u(k, salt) AS
      xor(bench_mix(bench_mix((k::BIGINT * 97 + salt::BIGINT * 1000003 + ${seed}) % 4294967296)),
          bench_mix(bench_mix((k::BIGINT * 97 + salt::BIGINT * 1000003 + ${seed}) % 4294967296)) >> 16) / 4294967296.0;
    -- Sizes (additive): a level per (indicator, territory), a trend and a season by month, noise by cell.
    -- Ratios: within 45 % of the indicator's centre, so percentages stay below 100.
    CREATE OR REPLACE MACRO bench_value(i, t, p, level, additive) AS CASE
      WHEN additive THEN level * (0.2 + 1.6 * bench_u(i::BIGINT * 100000 + t, 17)) * (1 + 0.004 * p)
           * (1 + 0.15 * sin(2 * pi() * (p % 12) / 12 + i)) * (0.9 + 0.2 * bench_u((i::BIGINT * 100000 + t) * 1000 + p, 19))
      ELSE level * (0.75 + 0.5 * bench_u(i::BIGINT * 100000 + t, 11) + 0.1 * sin(2 * pi() * (p % 12) / 12 + i)
           + 0.1 * (bench_u((i::BIGINT * 100000 + t) * 1000 + p, 13) - 0.5))
    END;`;
}

/** 230 territories: t = 0 is the Republic; `parent` is the oblast of a district. */
function territoriesSql(): string {
  return `
    CREATE OR REPLACE TEMP TABLE bench_territory AS
    WITH k AS (
      SELECT kato, level, name_ru FROM read_csv(${lit(fromRoot('registry', 'kato.csv'))}, header = true, all_varchar = true)
      WHERE level IN ('oblast', 'district')
    )
    SELECT '000000000' AS kato, 'republic' AS level, 'Республика Казахстан' AS name_ru, NULL AS parent, 0 AS t
    UNION ALL
    SELECT kato, level, name_ru,
           CASE WHEN level = 'district' THEN substr(kato, 1, 2) || '0000000' END AS parent,
           row_number() OVER (ORDER BY kato)::INTEGER AS t
    FROM k;
    CREATE OR REPLACE TEMP TABLE bench_leaf AS
    SELECT t.* FROM bench_territory t
    WHERE t.level = 'district'
       OR (t.level = 'oblast' AND NOT EXISTS (SELECT 1 FROM bench_territory d WHERE d.parent = t.kato));`;
}

/**
 * Rows of `cells` (i, indicator, unit, additive, level, decimals, p, period)
 * x leaf territories, then oblasts from their districts and the Republic from
 * the oblasts (sums for additive indicators, means for ratios).
 */
function valuesSql(cells: string, salt: number, leaves = 'bench_leaf', republicOver = 'oblast'): string {
  return `
    WITH cells AS (${cells}),
    leaf AS (
      SELECT c.*, l.kato, l.parent, l.level,
             bench_value(c.i, l.t, c.p, c.level_of, c.additive) AS v,
             l.level = 'district' AND bench_u((c.i::BIGINT * 100000 + l.t) * 1000 + c.p, ${salt}) < 0.002 AS confidential
      FROM cells c CROSS JOIN ${leaves} l
    ),
    oblast AS (
      SELECT indicator, unit, additive, decimals, p, period, industry, parent AS kato, 'oblast' AS level,
             CASE WHEN any_value(additive) THEN sum(round(v, decimals)) ELSE avg(v) END AS v, false AS confidential
      FROM leaf WHERE parent IS NOT NULL
      GROUP BY indicator, unit, additive, decimals, p, period, industry, parent
    ),
    regional AS (
      SELECT indicator, unit, additive, decimals, p, period, industry, kato, level, v, confidential FROM leaf
      UNION ALL SELECT * FROM oblast
    ),
    republic AS (
      SELECT indicator, unit, additive, decimals, p, period, industry, '000000000' AS kato, 'republic' AS level,
             CASE WHEN any_value(additive) THEN sum(round(v, decimals)) ELSE avg(v) END AS v, false AS confidential
      FROM regional WHERE level = ${lit(republicOver)}
      GROUP BY indicator, unit, additive, decimals, p, period, industry
    )
    SELECT indicator, kato AS region, period,
           CASE WHEN NOT confidential THEN round(v, decimals) END AS value,
           unit,
           CASE WHEN confidential THEN 'x' END AS status,
           industry,
           ${lit(SYNTHETIC_SOURCE)} AS source
    FROM (SELECT * FROM regional UNION ALL SELECT * FROM republic)`;
}

/** A DuckDB with the generator's macros and its territory, indicator and month tables. */
async function openGenerator(opts: GenerateOptions): Promise<Db> {
  const periods = opts.periods ?? FULL_PERIODS;
  const first = FULL_PERIODS - periods; // month index from 2000-M01
  const db = await Db.open();
  try {
    await db.run(macros(opts.seed ?? DEFAULT_SEED));
    await db.run(territoriesSql());
    const territories = await db.value<number>('SELECT count(*)::INTEGER FROM bench_territory');
    if (territories !== TERRITORIES)
      throw new Error(`registry/kato.csv gives ${territories} territories, expected ${TERRITORIES}`);
    const plan = UNIT_PLAN.map(
      (u, k) =>
        `(${k}, ${lit(u.unit)}, ${u.additive}, ${lit(u.min)}, ${lit(u.max)}, ${u.level}, ${u.decimals})`,
    ).join(', ');
    await db.run(`
      CREATE OR REPLACE TEMP TABLE bench_plan (k INTEGER, unit VARCHAR, additive BOOLEAN, min VARCHAR, max VARCHAR, level_of DOUBLE, decimals INTEGER);
      INSERT INTO bench_plan VALUES ${plan};
      CREATE OR REPLACE TEMP TABLE bench_indicator AS
      SELECT i::INTEGER AS i, 'synthetic_' || lpad(i::VARCHAR, 3, '0') AS indicator, p.*
      FROM range(1, ${opts.indicators + 2}) r(i) JOIN bench_plan p ON p.k = (i - 1) % ${UNIT_PLAN.length};
      CREATE OR REPLACE TEMP TABLE bench_month AS
      SELECT p::INTEGER AS p, (2000 + p // 12)::VARCHAR || '-M' || lpad((p % 12 + 1)::VARCHAR, 2, '0') AS period
      FROM range(${first}, ${FULL_PERIODS}) r(p);`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Rewrites the workbook of a generated folder, e.g. as variant 1 (one value revised). */
export async function rewriteWorkbook(opts: GenerateOptions & { variant: number }): Promise<void> {
  const db = await openGenerator(opts);
  try {
    await writeWorkbook(
      db,
      path.join(path.resolve(opts.dir), 'synthetic-workbook.xlsx'),
      opts.indicators + 1,
      opts.variant,
    );
  } finally {
    db.close();
  }
}

export async function generateSynthetic(opts: GenerateOptions): Promise<GeneratedFiles> {
  const periods = opts.periods ?? FULL_PERIODS;
  if (periods < 1 || periods > FULL_PERIODS) throw new RangeError(`periods must be 1..${FULL_PERIODS}`);
  if (opts.indicators < 1 || opts.indicators > 998) throw new RangeError('indicators must be 1..998');
  if (opts.settlementYears !== undefined && (opts.settlementYears < 0 || opts.settlementYears > 25))
    throw new RangeError('settlementYears must be 0..25');
  const seed = opts.seed ?? DEFAULT_SEED;
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  const files = {
    observationsCsv: path.join(dir, 'synthetic-observations.csv'),
    catalogCsv: path.join(dir, 'synthetic-catalog.csv'),
    indexInputsCsv: path.join(dir, 'synthetic-index-inputs.csv'),
    workbook: path.join(dir, 'synthetic-workbook.xlsx'),
    readme: path.join(dir, 'README.md'),
  };
  const workbookIndicator = indicatorId(opts.indicators + 1);

  const db = await openGenerator(opts);
  try {
    // The catalogue: every synthetic indicator, the workbook's included.
    await db.run(`COPY (
      SELECT indicator AS id, unit, additive::VARCHAR AS additive, min, max,
             'SYNTHETIC benchmark indicator ' || i || ' (bench/generate.ts): made-up values in ' || unit || ', not official statistics' AS description,
             '' AS sdg, '' AS taldau_index
      FROM bench_indicator ORDER BY i
    ) TO ${lit(files.catalogCsv)} (HEADER, DELIMITER ',', QUOTE '"')`);

    // The large tidy CSV: every synthetic indicator but the workbook's, every territory, every month.
    const monthly = `SELECT b.i, b.indicator, b.unit, b.additive, b.level_of, b.decimals, m.p, m.period, NULL::VARCHAR AS industry
                     FROM bench_indicator b CROSS JOIN bench_month m WHERE b.i <= ${opts.indicators}`;
    // COPY answers with the number of rows it wrote
    const observations = Number(
      await db.value<bigint>(`COPY (
        SELECT indicator, region, period, value, unit, status, source FROM (${valuesSql(monthly, 23)})
        ORDER BY indicator, region, period
      ) TO ${lit(files.observationsCsv)} (HEADER, DELIMITER ',', QUOTE '"')`),
    );

    // What the index SQL reads: gross value added by OKED section and the six innovation-rating
    // indicators, one figure a year (the years of the months above), every territory.
    const years = `SELECT DISTINCT (p // 12 * 12 + 11)::INTEGER AS p, (2000 + p // 12)::VARCHAR AS period FROM bench_month`;
    const sections = OKED_SECTIONS.map((s, k) => `(${k}, ${lit(s)})`).join(', ');
    const rating = INDEX_INDICATORS.map(
      (r, k) => `(${900 + k}, ${lit(r.id)}, ${lit(r.unit)}, ${r.additive}, ${r.level}, ${r.decimals})`,
    ).join(', ');
    const annual = `
      SELECT 800 + s.k AS i, 'gva' AS indicator, 'million tenge' AS unit, true AS additive, 20000.0 AS level_of, 1 AS decimals,
             y.p, y.period, s.section AS industry
      FROM (VALUES ${sections}) s(k, section) CROSS JOIN (${years}) y
      UNION ALL
      SELECT r.i, r.indicator, r.unit, r.additive, r.level_of, r.decimals, y.p, y.period, NULL
      FROM (VALUES ${rating}) r(i, indicator, unit, additive, level_of, decimals) CROSS JOIN (${years}) y`;
    const indexInputRows = Number(
      await db.value<bigint>(`COPY (
        SELECT * FROM (${valuesSql(annual, 29)}) ORDER BY indicator, region, period, industry
      ) TO ${lit(files.indexInputsCsv)} (HEADER, DELIMITER ',', QUOTE '"')`),
    );

    const workbookCells = await writeWorkbook(db, files.workbook, opts.indicators + 1, 0);
    const settlements = opts.settlementYears
      ? await writeSettlementGva(db, dir, opts.settlementYears)
      : undefined;
    await writeFile(
      files.readme,
      readme({
        observations,
        indexInputRows,
        workbookCells,
        periods,
        indicators: opts.indicators,
        seed,
        settlementRows: settlements?.rows,
      }),
    );
    return {
      dir,
      ...files,
      workbookIndicator,
      observations,
      indexInputRows,
      workbookCells,
      periods,
      indicators: opts.indicators,
      ...(settlements ? { settlementGvaCsv: settlements.file, settlementGvaRows: settlements.rows } : {}),
    };
  } finally {
    db.close();
  }
}

/**
 * Gross value added by OKED section for each of the 12,986 settlements of the
 * KATO classifier and the Republic (their sum), one figure a year: the
 * location-quotient and specialisation SQL at a scale the bundled data never
 * reach (no statistics office publishes GVA by settlement: this is a load, not
 * a dataset).
 */
async function writeSettlementGva(
  db: Db,
  dir: string,
  years: number,
): Promise<{ file: string; rows: number }> {
  const file = path.join(dir, 'synthetic-gva-settlements.csv');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE bench_settlement AS
    SELECT kato, 'settlement' AS level, name_ru, NULL::VARCHAR AS parent, row_number() OVER (ORDER BY kato)::INTEGER AS t
    FROM read_csv(${lit(fromRoot('registry', 'kato.csv'))}, header = true, all_varchar = true)
    WHERE level = 'settlement'`);
  const sections = OKED_SECTIONS.map((s, k) => `(${k}, ${lit(s)})`).join(', ');
  const cells = `
    SELECT 800 + s.k AS i, 'gva' AS indicator, 'million tenge' AS unit, true AS additive, 500.0 AS level_of, 1 AS decimals,
           y.p, y.period, s.section AS industry
    FROM (VALUES ${sections}) s(k, section)
    CROSS JOIN (SELECT (y * 12 + 11)::INTEGER AS p, (2000 + y)::VARCHAR AS period FROM range(${25 - years}, 25) r(y)) y`;
  const rows = Number(
    await db.value<bigint>(`COPY (
      SELECT * FROM (${valuesSql(cells, 37, 'bench_settlement', 'settlement')}) ORDER BY indicator, region, period, industry
    ) TO ${lit(file)} (HEADER, DELIMITER ',', QUOTE '"')`),
  );
  return { file, rows };
}

/**
 * A BNS-style workbook (docs/data.md, as src/readers/bns-xlsx.ts reads
 * it): a title, a units cell at the top right, one header row of months in
 * Russian ("январь 2023"), one row per territory (name, then its KATO code as
 * the label the reader resolves: district names are not in the region
 * registry), footnotes below a blank row. The last 24 months, or fewer.
 * Variant 1 changes one value, as a revised edition of the same table would.
 */
async function writeWorkbook(db: Db, file: string, i: number, variant: number): Promise<number> {
  const rows = await db.all<{
    region: string;
    name_ru: string;
    period: string;
    p: number;
    value: number | null;
  }>(`
    WITH cells AS (
      SELECT b.i, b.indicator, b.unit, b.additive, b.level_of, b.decimals, m.p, m.period, NULL::VARCHAR AS industry
      FROM bench_indicator b CROSS JOIN (SELECT * FROM bench_month ORDER BY p DESC LIMIT 24) m WHERE b.i = ${i}
    )
    SELECT v.region, t.name_ru, v.period, c.p, v.value
    FROM (${valuesSql('SELECT * FROM cells', 31)}) v
    JOIN bench_territory t ON t.kato = v.region
    JOIN (SELECT DISTINCT p, period FROM cells) c ON c.period = v.period
    ORDER BY CASE WHEN v.region = '000000000' THEN 0 ELSE 1 END, substr(v.region, 1, 2),
             CASE WHEN t.level = 'oblast' THEN 0 ELSE 1 END, v.region, c.p`);
  const unit = await db.value<string>(`SELECT unit FROM bench_indicator WHERE i = ${i}`);
  const months = [...new Map(rows.map((r) => [r.p, r.period])).keys()].sort((a, b) => a - b);
  const territories = [...new Map(rows.map((r) => [r.region, r.name_ru])).entries()];
  const valueAt = new Map(rows.map((r) => [`${r.region} ${r.p}`, r.value]));

  const wb = new ExcelJS.Workbook();
  wb.creator = 'kzstat bench (SYNTHETIC)';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('SYNTHETIC');
  const firstCol = 3;
  ws.getCell(1, 1).value =
    `SYNTHETIC benchmark data: ${indicatorId(i)} by oblast and district, monthly (bench/generate.ts); not official statistics`;
  ws.getCell(2, firstCol + months.length - 1).value = unitLabel(unit);
  ws.getCell(3, 1).value = 'Территория';
  ws.getCell(3, 2).value = 'КАТО';
  months.forEach((p, k) => {
    ws.getCell(3, firstCol + k).value = `${MONTHS_RU[p % 12]} ${2000 + Math.floor(p / 12)}`;
  });
  territories.forEach(([kato, name], r) => {
    const row = 4 + r;
    ws.getCell(row, 1).value = name;
    ws.getCell(row, 2).value = kato;
    months.forEach((p, k) => {
      let v = valueAt.get(`${kato} ${p}`) ?? null;
      // a revised edition: the first district's latest month, up by 1
      if (variant === 1 && r === 1 && k === months.length - 1 && v !== null) v = v + 1;
      ws.getCell(row, firstCol + k).value = v === null ? 'x' : v;
    });
  });
  const foot = 4 + territories.length + 1;
  ws.getCell(foot, 1).value =
    '1) SYNTHETIC: the figures are generated by a seeded hash for benchmarking kzstat; they describe nothing.';
  ws.getCell(foot + 1, 1).value = '2) x - confidential (synthetic marker).';
  await wb.xlsx.writeFile(file);
  return rows.length;
}

/** The units cell as the BNS prints it, in Russian where the registry knows a Russian alias. */
function unitLabel(unit: string): string {
  const ru: Record<string, string> = {
    persons: 'человек',
    'million tenge': 'млн. тенге',
    count: 'единиц',
    percent: 'в процентах',
    'thousand tenge': 'тыс. тенге',
    'thousand USD': 'тыс. долл. США',
    'thousand persons': 'тыс. человек',
  };
  return ru[unit] ?? unit;
}

function readme(n: {
  observations: number;
  indexInputRows: number;
  workbookCells: number;
  periods: number;
  indicators: number;
  seed: number;
  settlementRows?: number | undefined;
}): string {
  return `# SYNTHETIC benchmark data: not official statistics

Generated by \`bench/generate.ts\` for \`npm run bench\` (seed ${n.seed}). Every figure
here is made up by a seeded integer hash; none describes Kazakhstan or anything
else. Do not publish, cite or mix these files with real data.

| file | what |
|---|---|
| \`synthetic-observations.csv\` | tidy CSV, ${n.observations} rows: ${n.indicators} indicators (synthetic_001 ..) x 230 territories (the Republic, the 20 oblasts and 209 districts of registry/kato.csv) x ${n.periods} months ending 2024-M12 |
| \`synthetic-catalog.csv\` | the synthetic indicators, for \`--catalog\` |
| \`synthetic-workbook.xlsx\` | a BNS-style workbook: one more synthetic indicator x 230 territories x ${Math.min(24, n.periods)} months (${n.workbookCells} cells) |
| \`synthetic-index-inputs.csv\` | ${n.indexInputRows} rows: gross value added by OKED section and the six innovation-rating indicators, one figure a year per territory, under the real catalogue ids so the index SQL reads them (SYNTHETIC values) |
${n.settlementRows ? `| \`synthetic-gva-settlements.csv\` | ${n.settlementRows} rows: gross value added by OKED section for each settlement of the KATO classifier and the Republic (their sum), one figure a year: a load for the index SQL, not a dataset (no one publishes GVA by settlement) |\n` : ''}
Districts are random around a level per indicator and territory, with a trend
and a season; an oblast with districts is their sum (their mean for
percentages and ratios); the Republic is the sum (mean) of the oblasts; about
0.2 % of district figures are confidential (empty value, status \`x\`). Every
row's \`source\` column says "${SYNTHETIC_SOURCE}".
`;
}
