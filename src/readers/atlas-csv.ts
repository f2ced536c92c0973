import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader } from './types.ts';

/**
 * The Atlas of Economic Complexity's product-year file (Harvard Growth Lab):
 * `product_id,product_hs92_code,year,export_value,import_value,pci`, world
 * trade by HS 1992 heading, USD. Each line gives two staged rows,
 * `world_exports` and `world_imports` of the heading (the product complexity
 * index is not read). The file has no all-goods row; the reader adds one per
 * year, the sum of every line of that year including `XXXX` (goods not
 * classified by product), which has no HS code and so no row of its own.
 * Every row's note says `HS 1992`, the edition of the codes.
 *
 * Options: `hs_edition` (default 1992) for a product-year file of another
 * edition (the Atlas publishes HS 1992 and HS 2012 files); `from_year`, the
 * first year to read (the file goes back to 1995; the years before are left
 * out and the run report says how many lines).
 */
const COLUMNS = ['product_id', 'product_hs92_code', 'year', 'export_value', 'import_value', 'pci'];

export const readAtlasCsv: Reader = async (input, ctx) => {
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const problem = columnsOrOptionsProblem(input, header.columns);
  if (problem) return { rows: 0, problems: [problem], warnings: [] };
  const edition = input.options.hs_edition ?? '1992';
  const fromYear = input.options.from_year;
  const scan = await scanCsv(
    input,
    ctx,
    header.columns,
    (relation) => stagedRowsSql(input, relation, edition, fromYear),
    { filtered: true },
  );
  if (!fromYear || scan.problems.length) return scan;
  const left = await ctx.db.value<number>(
    `SELECT count(*)::INTEGER FROM read_csv(${lit(input.path)}, header = true, all_varchar = true)
     WHERE NOT coalesce(TRY_CAST(trim(year) AS INTEGER) >= ${Number(fromYear)}, true)`,
  );
  if (left)
    scan.warnings.push(
      `${input.pointer}: ${left} lines of years before ${fromYear} left out (option from_year)`,
    );
  return scan;
};

/** The first thing that stops the file being read: other columns, or an option that is no edition or year. */
function columnsOrOptionsProblem(input: InputFile, columns: string[]): Problem | undefined {
  if (columns.join(',') !== COLUMNS.join(','))
    return { file: input.pointer, where: 'row 1', message: `expected the columns ${COLUMNS.join(',')}` };
  const edition = input.options.hs_edition ?? '1992';
  if (!/^(1992|1996|2002|2007|2012|2017|2022)$/.test(edition))
    return {
      file: input.pointer,
      message: `hs_edition=${edition}: expected an HS edition year such as 1992`,
    };
  const fromYear = input.options.from_year;
  if (fromYear !== undefined && !/^\d{4}$/.test(fromYear))
    return { file: input.pointer, message: `from_year=${fromYear}: expected a year such as 2015` };
  return undefined;
}

/** Two staged rows per line (exports, imports) and, per year and flow, the all-goods total. */
function stagedRowsSql(
  input: InputFile,
  relation: string,
  edition: string,
  fromYear: string | undefined,
): string {
  // a year that is no number stays in, for normalisation to refuse with its row
  const kept = fromYear ? `coalesce(TRY_CAST(year AS INTEGER) >= ${Number(fromYear)}, true)` : 'true';
  const note = lit(`HS ${edition}`);
  const vintage = input.vintage ? lit(input.vintage) : 'NULL';
  return `
      WITH all_years AS (
        SELECT rn, trim(product_hs92_code) AS code, trim(year) AS year,
               trim(export_value) AS export_value, trim(import_value) AS import_value
        FROM ${relation}
      ),
      r AS (SELECT * FROM all_years WHERE ${kept}),
      flows AS (
        SELECT r.*, f.indicator, CASE f.indicator WHEN 'world_exports' THEN export_value ELSE import_value END AS value
        FROM r CROSS JOIN (VALUES ('world_exports'), ('world_imports')) f(indicator)
      )
      -- 'XXXX' is not an HS code: it stays in the year's total and nowhere else; anything else that is not
      -- four digits goes on, for normalisation to refuse with its row
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage,
        indicator_raw: 'indicator',
        region_raw: `'000000000'`,
        period_raw: 'year',
        value_raw: 'value',
        unit_raw: `'USD'`,
        product_raw: 'code',
        note,
      })}
      FROM flows WHERE code IS DISTINCT FROM 'XXXX'
      UNION ALL
      -- a value that is no number leaves the total unknown (sum of TRY_CAST would drop it): the line's
      -- own row names the problem, and the total says 'not a number' rather than a wrong sum
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'rows of ' || year || ' (sum)'`,
        vintage,
        indicator_raw: 'indicator',
        region_raw: `'000000000'`,
        period_raw: 'year',
        value_raw: `CASE WHEN count(TRY_CAST(value AS DOUBLE)) = count(*) THEN sum(TRY_CAST(value AS DOUBLE))::VARCHAR
                  ELSE 'sum with a value that is not a number' END`,
        unit_raw: `'USD'`,
        note: `${note} || '; all goods: the sum of the file''s ' || count(*) || ' lines of ' || year ||
             ', including XXXX (not classified by product)'`,
      })}
      FROM flows GROUP BY indicator, year`;
}
