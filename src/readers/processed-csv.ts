import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader, ReaderContext } from './types.ts';

/**
 * Series processed from BNS publications by makenerzhan-gif/kazakhstan-economic-data:
 * `date,region,item_code,item_name,value,transformation`, one year per row
 * (`date` = 31 December), region codes of that repository (AKM, YKO, national;
 * aliases in the registry), `item_code` an OKED section, an ISO3 partner or a
 * population group. The same repository's national monthly series have only
 * `date,value,transformation`, one month per row (`date` = its first day),
 * for the Republic.
 *
 * Options: `indicator` (from the manifest or --input), `item_as` = industry |
 * partner | product (where item_code goes), `items` = the item codes to keep
 * (comma list; the rest are left out and named in the run report), `unit`,
 * `product` (an HS code every row of a monthly series is for, such as 2709).
 */
const COLUMNS = ['date', 'region', 'item_code', 'item_name', 'value', 'transformation'];
const MONTHLY = ['date', 'value', 'transformation'];

export const readProcessedCsv: Reader = async (input, ctx) => {
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const monthly = header.columns.join(',') === MONTHLY.join(',');
  const problem = columnsOrOptionsProblem(input, header.columns, monthly);
  if (problem) return { rows: 0, problems: [problem], warnings: [] };
  if (monthly) return readMonthly(input, ctx, header.columns);
  const keep = input.options.items?.split(',').map((s) => s.trim());
  const keepSql = keep ? `trim(item_code) IN (${keep.map(lit).join(', ')})` : 'true';
  const scan = await scanCsv(
    input,
    ctx,
    header.columns,
    (relation) => `${annualRowsSql(input, relation)} WHERE ${keepSql}`,
    { filtered: Boolean(keep) },
  );
  const warnings = [...scan.warnings];
  if (keep && scan.problems.length === 0) {
    const left = await ctx.db.all<{ item: string }>(
      `SELECT DISTINCT trim(item_code) AS item FROM read_csv(${lit(input.path)}, header = true, all_varchar = true) WHERE NOT ${keepSql} ORDER BY 1`,
    );
    if (left.length)
      warnings.push(
        `${input.pointer}: items left out (not listed in its 'items' option): ${left.map((l) => l.item).join(', ')}`,
      );
  }
  return { ...scan, warnings };
};

/** The first thing that stops the file being read: other columns, no indicator, or an unknown `item_as`. */
function columnsOrOptionsProblem(input: InputFile, columns: string[], monthly: boolean): Problem | undefined {
  if (!monthly && columns.join(',') !== COLUMNS.join(','))
    return {
      file: input.pointer,
      where: 'row 1',
      message: `expected the columns ${COLUMNS.join(',')} (or ${MONTHLY.join(',')} for a national monthly series)`,
    };
  if (!input.indicator)
    return {
      file: input.pointer,
      message: 'a processed series does not name its indicator: give it as --input INDICATOR=FILE',
    };
  const itemAs = input.options.item_as;
  if (itemAs && !['industry', 'partner', 'product'].includes(itemAs))
    return { file: input.pointer, message: `item_as=${itemAs}: expected industry, partner or product` };
  return undefined;
}

/** The staged rows of an annual series, item_code in the column `item_as` names (without a WHERE clause). */
function annualRowsSql(input: InputFile, relation: string): string {
  const itemAs = input.options.item_as;
  const col = (name: string) => (itemAs === name ? 'trim(item_code)' : 'NULL');
  const unit = input.options.unit
    ? lit(input.options.unit)
    : `(SELECT unit FROM indicators WHERE id = ${lit(input.indicator!)})`;
  // A date that is not 31 December, or a transformation other than 'level', is not an annual level: refuse it.
  return `
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage: input.vintage ? lit(input.vintage) : 'NULL',
        indicator_raw: lit(input.indicator!),
        region_raw: 'trim(region)',
        period_raw: `CASE WHEN regexp_full_match(trim(date), '\\d{4}-12-31') THEN left(trim(date), 4) ELSE 'date ' || trim(date) END`,
        value_raw: `CASE WHEN trim(transformation) = 'level' THEN trim(value) ELSE 'transformation ' || trim(transformation) END`,
        unit_raw: unit,
        industry_raw: col('industry'),
        partner_raw: col('partner'),
        product_raw: col('product'),
        note: `nullif(trim(item_name), '')`,
      })}
      FROM ${relation}`;
}

/**
 * A national monthly series: `date` the first day of the month (2019-03-01 is
 * 2019-M03), for the Republic, with the option `product` for a series of one
 * HS product. A date that is not a first of the month, or a transformation
 * other than 'level', is refused with its row.
 */
async function readMonthly(input: InputFile, ctx: ReaderContext, columns: string[]) {
  const product = input.options.product?.trim();
  const unit = input.options.unit
    ? lit(input.options.unit)
    : `(SELECT unit FROM indicators WHERE id = ${lit(input.indicator!)})`;
  return scanCsv(
    input,
    ctx,
    columns,
    (relation) => `
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage: input.vintage ? lit(input.vintage) : 'NULL',
        indicator_raw: lit(input.indicator!),
        region_raw: `'000000000'`,
        period_raw: `CASE WHEN regexp_full_match(trim(date), '\\d{4}-\\d{2}-01')
                  THEN left(trim(date), 4) || '-M' || substr(trim(date), 6, 2) ELSE 'date ' || coalesce(trim(date), '') END`,
        value_raw: `CASE WHEN trim(transformation) = 'level' THEN trim(value) ELSE 'transformation ' || coalesce(trim(transformation), '') END`,
        unit_raw: unit,
        product_raw: product ? lit(product) : 'NULL',
      })}
      FROM ${relation}`,
  );
}
