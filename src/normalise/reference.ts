import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Db, lit } from '../core/duckdb.ts';
import { InputError, inputErrorFrom, type Problem } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { displayPath, fromRoot } from '../core/paths.ts';
import { parsePeriod } from '../core/periods.ts';

/**
 * The reference tables every normalisation joins against: the indicator
 * catalogue, units, and the region registry. They are data files in the
 * repository (users add indicators with `--catalog FILE`), validated with zod
 * row by row so a typo names its file, row and field, then loaded into DuckDB.
 */

const csvBool = z.enum(['true', 'false']).transform((v) => v === 'true');
const BREAKDOWNS = ['industry', 'partner', 'product', 'flow'] as const;
const optionalNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `expected a number or nothing, found '${v}'` });
      return z.NEVER;
    }
    return n;
  });

export const indicatorRow = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'expected lower-case letters, digits and _ starting with a letter'),
  unit: z.string().min(1, 'required'),
  additive: csvBool,
  min: optionalNumber,
  max: optionalNumber,
  description: z.string().min(1, 'required'),
  sdg: z
    .string()
    .regex(/^(\d+-\d+-\d+(-\d+)?(:[A-Z0-9_]+)?)?$/, "expected an SDG series like '9-5-1' or '9-5-1:PT'")
    .optional()
    .default(''),
  taldau_index: z
    .string()
    .regex(/^(\d+)?$/, 'expected a numeric Taldau index id')
    .optional()
    .default(''),
  /**
   * The breakdowns the indicator has (space-separated: industry partner product
   * flow). A row that leaves one of them empty is the total over it (`_T`); a
   * breakdown the indicator does not have is not applicable (`_Z`).
   */
  breakdowns: z
    .string()
    .optional()
    .default('')
    .transform((v, ctx) => {
      const names = v.split(/\s+/).filter(Boolean);
      for (const n of names)
        if (!BREAKDOWNS.includes(n as (typeof BREAKDOWNS)[number]))
          ctx.addIssue({
            code: 'custom',
            message: `'${n}' is no breakdown (expected ${BREAKDOWNS.join(', ')})`,
          });
      return names;
    }),
});
export type Indicator = z.infer<typeof indicatorRow>;

const unitRow = z.object({
  unit: z.string().min(1, 'required'),
  dimension: z.string().min(1, 'required'),
  factor: z.coerce.number().positive(),
  aliases: z.string().optional().default(''),
});

const regionRow = z.object({
  kato: z.string().regex(/^\d{9}$/, 'expected a 9-digit KATO code'),
  name_en: z.string().min(1, 'required'),
  name_ru: z.string().min(1, 'required'),
  name_kk: z.string().min(1, 'required'),
  vintages: z.string().regex(/^\d{4}( \d{4})*$/, 'expected space-separated vintage years'),
  split_from: z.string().regex(/^(\d{9})?$/),
  note: z.string().optional().default(''),
});

const aliasRow = z.object({
  kato: z.string().regex(/^\d{9}$/, 'expected a 9-digit KATO code'),
  alias: z.string().min(1, 'required'),
  kind: z.enum(['en', 'ru', 'kk', 'translit', 'sdg', 'processed', 'taldau']),
});

const countryRow = z.object({
  alpha2: z.string().regex(/^[A-Z]{2}$/, 'expected two capital letters'),
  alpha3: z.string().regex(/^[A-Z]{3}$/, 'expected three capital letters'),
  numeric: z.string().regex(/^\d{3}$/, 'expected three digits'),
  name_en: z.string().min(1, 'required'),
  name_ru: z.string().min(1, 'required'),
  name_kk: z.string().min(1, 'required'),
  other_names: z.string().optional().default(''),
});

// WITS (World Bank) keeps a few partner codes of its own: ISO's older codes, 'World', and groups that are no country.
const witsPartnerRow = z.object({
  code: z.string().regex(/^[A-Z]{3}$/, 'expected three capital letters'),
  reads_as: z
    .string()
    .regex(/^([A-Z]{3}|all)?$/, "expected an ISO 3166-1 alpha-3 code, 'all', or nothing (left out)"),
  name: z.string().min(1, 'required'),
  why: z.string().min(1, 'say why'),
});

/** A period label of the registry (2016, 2022-Q1) to the first or last day it covers. */
const periodBound = (end: 'start' | 'end') =>
  z.string().transform((v, ctx) => {
    const p = parsePeriod(v.trim());
    if (!p) {
      ctx.addIssue({ code: 'custom', message: `expected a period such as 2016 or 2022-Q1, found '${v}'` });
      return z.NEVER;
    }
    return p[end];
  });

/**
 * A re-coding a source declares (registry/recodings.csv): in the file with
 * this sha256, the region label means another region for these periods, as
 * the file's own footnote says. Only such a declaration re-codes a row.
 */
const recodingRow = z.object({
  file: z.string().min(1, 'required'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of the file (64 hex digits)'),
  label: z.string().min(1, 'required'),
  read_as: z.string().regex(/^\d{9}$/, 'expected a 9-digit KATO code'),
  from: periodBound('start'),
  to: periodBound('end'),
  citation: z.string().min(1, "required: the source's own words that declare the re-coding"),
});

export const referenceFiles = {
  catalog: fromRoot('catalog', 'indicators.csv'),
  units: fromRoot('catalog', 'units.csv'),
  regions: fromRoot('registry', 'regions.csv'),
  aliases: fromRoot('registry', 'region_aliases.csv'),
  vintages: fromRoot('registry', 'boundary_vintages.csv'),
  pieces: fromRoot('registry', 'territory_pieces.csv'),
  recodings: fromRoot('registry', 'recodings.csv'),
  kato: fromRoot('registry', 'kato.csv'),
  countries: fromRoot('registry', 'countries.csv'),
  witsPartners: fromRoot('registry', 'wits_partners.csv'),
  macros: fromRoot('src', 'normalise', 'sql', 'macros.sql'),
} as const;

/** A fingerprint of everything normalisation looks things up in. */
export async function referenceFingerprint(extraCatalogs: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(referenceFiles))
    out[`reference:${name}`] = sha256(await readFile(file));
  for (const file of extraCatalogs) out[`catalog:${file}`] = sha256(await readFile(file));
  return out;
}

/** Rows of a reference CSV; a row may leave out optional trailing fields (they read as empty). */
async function readCsvRows(db: Db, file: string): Promise<Record<string, string>[]> {
  try {
    return await db.all<Record<string, string>>(
      `SELECT * FROM read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = true)`,
    );
  } catch (e) {
    throw new InputError(`${displayPath(file)}: cannot read as CSV: ${(e as Error).message}`);
  }
}

function validate<T>(file: string, rows: Record<string, string>[], schema: z.ZodType<T>): T[] {
  const problems: Problem[] = [];
  const out: T[] = [];
  rows.forEach((row, i) => {
    const clean = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? '']));
    const r = schema.safeParse(clean);
    if (r.success) out.push(r.data);
    else
      for (const issue of r.error.issues)
        problems.push({
          file: displayPath(file),
          where: `row ${i + 2} field ${issue.path.join('.') || '?'}`,
          message: issue.message,
        });
  });
  if (problems.length) throw inputErrorFrom(problems, `invalid reference table ${displayPath(file)}`);
  return out;
}

/**
 * A `--catalog` file extends the indicators (the format of catalog/indicators.csv)
 * or the units (the format of catalog/units.csv); its header says which.
 */
async function catalogKind(file: string): Promise<'indicators' | 'units'> {
  let header: string;
  try {
    header = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  } catch (e) {
    throw new InputError(`${displayPath(file)}: cannot read: ${(e as Error).message}`);
  }
  const names = header.split(',').map((n) => n.trim().replace(/^"|"$/g, ''));
  if (names.includes('id')) return 'indicators';
  if (names.includes('unit') && names.includes('dimension') && names.includes('factor')) return 'units';
  throw inputErrorFrom([
    {
      file: displayPath(file),
      where: 'row 1',
      message: `a catalogue extension needs the header of catalog/indicators.csv (id,unit,additive,min,max,description,...) or of catalog/units.csv (unit,dimension,factor,aliases); found '${header.slice(0, 120)}'`,
    },
  ]);
}

/** Where a row of a reference file was read from, for messages about it. */
type Located<T> = T & { file: string; row: number };
type Unit = z.infer<typeof unitRow>;
type Recoding = z.infer<typeof recodingRow>;

/** Loads the reference tables into `db` and returns the catalogue. */
export async function loadReferenceTables(db: Db, extraCatalogs: string[] = []): Promise<Indicator[]> {
  await db.run(await readFile(referenceFiles.macros, 'utf8'));
  const catalogFiles = [referenceFiles.catalog];
  const unitFiles = [referenceFiles.units];
  for (const file of extraCatalogs)
    ((await catalogKind(file)) === 'units' ? unitFiles : catalogFiles).push(file);
  const catalog = await readCatalog(db, catalogFiles);
  const units = await readUnits(db, unitFiles, catalog);
  const recodings = await readRegistry(db);
  await writeIndicators(db, catalog);
  await createRegistryTables(db);
  await writeUnitsAndRecodings(db, units, recodings);
  await refuseAmbiguousAliases(db, unitFiles);
  return catalog.map(({ file: _f, row: _r, ...ind }) => ind);
}

/** The indicator catalogues, each id defined once and each SDG series mapped to one indicator. */
async function readCatalog(db: Db, catalogFiles: string[]): Promise<Located<Indicator>[]> {
  const catalog: Located<Indicator>[] = [];
  const problems: Problem[] = [];
  for (const file of catalogFiles) {
    const rows = validate(file, await readCsvRows(db, file), indicatorRow);
    rows.forEach((ind, i) => {
      const earlier = catalog.find((c) => c.id === ind.id);
      if (earlier) {
        problems.push({
          file: displayPath(file),
          where: `row ${i + 2} field id`,
          message: `indicator '${ind.id}' is already defined in ${displayPath(earlier.file)} row ${earlier.row}; choose another id`,
        });
        return;
      }
      catalog.push({ ...ind, file, row: i + 2 });
    });
  }
  const sdgSeen = new Map<string, string>();
  for (const ind of catalog) {
    if (!ind.sdg) continue;
    const other = sdgSeen.get(ind.sdg);
    if (other)
      problems.push({
        file: displayPath(ind.file),
        where: `row ${ind.row} field sdg`,
        message: `SDG series ${ind.sdg} already maps to '${other}'`,
      });
    sdgSeen.set(ind.sdg, ind.id);
  }
  if (problems.length) throw inputErrorFrom(problems, 'invalid indicator catalogue');

  return catalog;
}

/** The units files, each unit defined once, and every unit the catalogue uses among them. */
async function readUnits(
  db: Db,
  unitFiles: string[],
  catalog: Located<Indicator>[],
): Promise<Located<Unit>[]> {
  const problems: Problem[] = [];
  const units: Located<Unit>[] = [];
  for (const file of unitFiles)
    validate(file, await readCsvRows(db, file), unitRow).forEach((u, i) => {
      const earlier = units.find((e) => e.unit === u.unit);
      if (earlier)
        problems.push({
          file: displayPath(file),
          where: `row ${i + 2} field unit`,
          message: `unit '${u.unit}' is already defined in ${displayPath(earlier.file)} row ${earlier.row}; give other spellings of it as aliases of a new unit, or choose another name`,
        });
      else units.push({ ...u, file, row: i + 2 });
    });
  if (problems.length) throw inputErrorFrom(problems, 'invalid units');
  const unitNames = new Set(units.map((u) => u.unit));
  for (const ind of catalog)
    if (!unitNames.has(ind.unit))
      problems.push({
        file: displayPath(ind.file),
        where: `row ${ind.row} field unit`,
        message: `unit '${ind.unit}' is not in ${unitFiles.map(displayPath).join(' or ')} (known: ${[...unitNames].join(', ')}); declare it in a units file given with --catalog (columns unit,dimension,factor,aliases)`,
      });
  if (problems.length) throw inputErrorFrom(problems, 'invalid indicator catalogue');

  return units;
}

/** The registry files checked against each other (re-codings read as known regions, WITS partners as known countries). */
async function readRegistry(db: Db): Promise<Recoding[]> {
  const problems: Problem[] = [];
  const regions = validate(referenceFiles.regions, await readCsvRows(db, referenceFiles.regions), regionRow);
  const recodings = validate(
    referenceFiles.recodings,
    await readCsvRows(db, referenceFiles.recodings),
    recodingRow,
  );
  recodings.forEach((r, i) => {
    if (!regions.some((g) => g.kato === r.read_as))
      problems.push({
        file: displayPath(referenceFiles.recodings),
        where: `row ${i + 2} field read_as`,
        message: `'${r.read_as}' is not a region of ${displayPath(referenceFiles.regions)}`,
      });
  });
  if (problems.length) throw inputErrorFrom(problems, 'invalid reference table');
  validate(referenceFiles.aliases, await readCsvRows(db, referenceFiles.aliases), aliasRow);
  const countryCodes = new Set(
    validate(referenceFiles.countries, await readCsvRows(db, referenceFiles.countries), countryRow).map(
      (c) => c.alpha3,
    ),
  );
  const witsRows = await readCsvRows(db, referenceFiles.witsPartners);
  validate(referenceFiles.witsPartners, witsRows, witsPartnerRow).forEach((w, i) => {
    if (/^[A-Z]{3}$/.test(w.reads_as) && !countryCodes.has(w.reads_as))
      problems.push({
        file: displayPath(referenceFiles.witsPartners),
        where: `row ${i + 2} field reads_as`,
        message: `'${w.reads_as}' is not an alpha-3 code in ${displayPath(referenceFiles.countries)}`,
      });
  });
  if (problems.length) throw inputErrorFrom(problems, 'invalid reference table');

  return recodings;
}

async function writeIndicators(db: Db, catalog: Indicator[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE indicators (
    id VARCHAR PRIMARY KEY, unit VARCHAR NOT NULL, additive BOOLEAN NOT NULL, min DOUBLE, max DOUBLE,
    description VARCHAR, sdg VARCHAR, taldau_index VARCHAR, breakdowns VARCHAR)`);
  const appender = await db.connection.createAppender('indicators');
  for (const c of catalog) {
    appender.appendVarchar(c.id);
    appender.appendVarchar(c.unit);
    appender.appendBoolean(c.additive);
    if (c.min === null) appender.appendNull();
    else appender.appendDouble(c.min);
    if (c.max === null) appender.appendNull();
    else appender.appendDouble(c.max);
    appender.appendVarchar(c.description);
    appender.appendVarchar(c.sdg);
    appender.appendVarchar(c.taldau_index);
    appender.appendVarchar(c.breakdowns.join(' '));
    appender.endRow();
  }
  appender.closeSync();
}

/** The registry's tables, read by DuckDB straight from its CSV files. */
async function createRegistryTables(db: Db): Promise<void> {
  const csv = (file: string) =>
    `read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  await db.run(`
    CREATE OR REPLACE TABLE units (unit VARCHAR, dimension VARCHAR, factor DOUBLE, aliases VARCHAR);
    CREATE OR REPLACE TABLE regions AS
      SELECT kato, name_en, name_ru, name_kk, string_split(vintages, ' ') AS vintages,
             nullif(split_from, '') AS split_from, note
      FROM ${csv(referenceFiles.regions)};
    -- The same codes as a constant for SQL over the observations: list_contains(getvariable('registry_regions'),
    -- region_kato) is a filter DuckDB applies while it scans the Parquet files, so a district-level extract's
    -- other rows are never decoded, where IN (SELECT kato FROM regions) is a join after the scan.
    SET VARIABLE registry_regions = (SELECT list(kato ORDER BY kato) FROM regions);
    CREATE OR REPLACE TABLE region_aliases AS
      SELECT kato, alias, kind, fold_label(alias) AS alias_key FROM ${csv(referenceFiles.aliases)}
      UNION ALL SELECT kato, name_en, 'en', fold_label(name_en) FROM regions
      UNION ALL SELECT kato, name_ru, 'ru', fold_label(name_ru) FROM regions
      UNION ALL SELECT kato, name_kk, 'kk', fold_label(name_kk) FROM regions;
    CREATE OR REPLACE TABLE boundary_vintages AS
      SELECT vintage, in_force_from::DATE AS in_force_from, description FROM ${csv(referenceFiles.vintages)};
    CREATE OR REPLACE TABLE territory_pieces AS SELECT * FROM ${csv(referenceFiles.pieces)};
    CREATE OR REPLACE TABLE recodings (
      file VARCHAR, sha256 VARCHAR, label VARCHAR, label_key VARCHAR, read_as VARCHAR,
      first_day DATE, last_day DATE, citation VARCHAR);
    CREATE OR REPLACE TABLE kato_classifier AS
      SELECT kato, level, name_ru, name_kk FROM ${csv(referenceFiles.kato)};
    -- Trade partners (ISO 3166-1, registry/countries.csv generated from i18n-iso-countries):
    -- partner_codes finds a partner by its alpha-2 or alpha-3 code; partner_names only
    -- suggests a code when someone wrote a name ('Germany', 'UK', 'Россия'), it never resolves one.
    CREATE OR REPLACE TABLE countries AS
      SELECT alpha2, alpha3, numeric, name_en, name_ru, name_kk,
             list_filter(string_split(coalesce(other_names, ''), '|'), x -> x <> '') AS other_names
      FROM ${csv(referenceFiles.countries)};
    CREATE OR REPLACE TABLE partner_codes AS
      SELECT alpha2 AS code, alpha3 FROM countries UNION ALL SELECT alpha3, alpha3 FROM countries;
    CREATE OR REPLACE TABLE wits_partners AS
      SELECT code, nullif(reads_as, '') AS reads_as, name FROM ${csv(referenceFiles.witsPartners)};
    CREATE OR REPLACE TABLE partner_names AS
      SELECT DISTINCT fold_country(name) AS name_key, alpha3, name_en FROM (
        SELECT alpha3, name_en, unnest(list_concat([name_en, name_ru, name_kk], other_names)) AS name FROM countries);
  `);
}

async function writeUnitsAndRecodings(db: Db, units: Unit[], recodings: Recoding[]): Promise<void> {
  for (const u of units)
    await db.run('INSERT INTO units VALUES ($unit, $dimension, $factor, $aliases)', {
      unit: u.unit,
      dimension: u.dimension,
      factor: u.factor,
      aliases: u.aliases,
    });
  await db.run(`CREATE OR REPLACE TABLE unit_aliases AS
    SELECT DISTINCT fold_unit(alias) AS alias_key, unit FROM (
      SELECT unit, unnest(string_split(aliases, '|')) AS alias FROM units WHERE aliases <> ''
      UNION ALL SELECT unit, unit FROM units)`);
  for (const r of recodings)
    await db.run(
      `INSERT INTO recodings VALUES ($file, $sha256, $label, fold_label($label), $read_as, $first::DATE, $last::DATE, $citation)`,
      {
        file: r.file,
        sha256: r.sha256,
        label: r.label,
        read_as: r.read_as,
        first: r.from,
        last: r.to,
        citation: r.citation,
      },
    );
}

async function refuseAmbiguousAliases(db: Db, unitFiles: string[]): Promise<void> {
  // Two regions folding to the same key would make a label ambiguous: refuse the registry.
  const clashes = await db.all<{ alias_key: string; katos: string; aliases: string }>(`
    SELECT alias_key, string_agg(DISTINCT kato, ', ') AS katos, string_agg(DISTINCT alias, ' / ') AS aliases
    FROM region_aliases GROUP BY alias_key HAVING count(DISTINCT kato) > 1`);
  const unitClashes = await db.all<{ alias_key: string; units: string }>(`
    SELECT alias_key, string_agg(DISTINCT unit, ', ') AS units
    FROM unit_aliases GROUP BY alias_key HAVING count(DISTINCT unit) > 1`);
  if (clashes.length || unitClashes.length)
    throw inputErrorFrom(
      [
        ...clashes.map((c) => ({
          file: displayPath(referenceFiles.aliases),
          message: `aliases ${c.aliases} fold to the same key '${c.alias_key}' but name different regions (${c.katos})`,
        })),
        ...unitClashes.map((c) => ({
          file: unitFiles.map(displayPath).join(', '),
          message: `unit alias '${c.alias_key}' names several units (${c.units})`,
        })),
      ],
      'ambiguous reference tables',
    );
}
