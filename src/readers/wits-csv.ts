import { lit } from '../core/duckdb.ts';
import { PROBLEMS_PER_FILE, type Problem } from '../core/errors.ts';
import { readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader, ReaderContext } from './types.ts';

/**
 * A World Bank WITS download of UN Comtrade data, as WITS writes it:
 * `Nomenclature, ReporterISO3, ProductCode, ReporterName, PartnerISO3,
 * PartnerName, Year, TradeFlowName, TradeFlowCode, TradeValuein1000USD, ...`
 * (further columns such as PartnerRegion are ignored). One staged row per
 * line: `exports` or `imports` of the Republic, thousand USD.
 *
 * - ProductCode is an HS code (`2709`) or one of WITS's product groups,
 *   `25-26_Minerals`, keyed by its chapter range (`25-26`; a group of one
 *   chapter, `27-27_Fuels`, is that chapter, `27`); the group's name goes to
 *   the note.
 * - PartnerISO3 goes through registry/wits_partners.csv: `WLD` is the total
 *   over all partners (a row without partner), WITS's own codes become ISO
 *   (ROM -> ROU), and groups that are no country (OAS, UNS) are left out of
 *   the partner rows, with a warning; any other code is checked as ISO 3166-1.
 * - The HS edition (Nomenclature H0..H6) goes to the note as `HS 2012`, so
 *   figures of different editions are not compared below chapter level.
 *
 * Options: `leave_out_partners` (comma list of PartnerISO3 codes whose rows
 * are not read, named in the run report), `encoding` (`latin-1`: WITS
 * country names such as Curaçao are not always UTF-8).
 */
const REQUIRED = [
  'Nomenclature',
  'ReporterISO3',
  'ProductCode',
  'ReporterName',
  'PartnerISO3',
  'PartnerName',
  'Year',
  'TradeFlowName',
  'TradeFlowCode',
  'TradeValuein1000USD',
];

/** WITS nomenclature codes and the HS edition each stands for. */
const EDITIONS: Record<string, string> = {
  H0: '1992',
  H1: '1996',
  H2: '2002',
  H3: '2007',
  H4: '2012',
  H5: '2017',
  H6: '2022',
};

/** The nomenclature codes as a DuckDB map literal, so the SQL can look an edition up. */
const EDITIONS_MAP = `MAP {${Object.entries(EDITIONS)
  .map(([k, v]) => `${lit(k)}: ${lit(v)}`)
  .join(', ')}}`;

export const readWitsCsv: Reader = async (input, ctx) => {
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const missing = missingColumnsProblem(input, header.columns);
  if (missing) return { rows: 0, problems: [missing], warnings: [] };
  const leaveOut = partnersToLeaveOut(input);
  let relation = '';
  const scan = await scanCsv(
    input,
    ctx,
    header.columns,
    (rel) => {
      relation = rel;
      return stagedRowsSql(input, rel, leaveOut);
    },
    { filtered: true, legacy: 'latin-1' },
  );
  if (scan.problems.length || !scan.relation) return scan;

  const problems = await rowProblems(input, ctx, relation);
  if (problems.length) return { rows: 0, problems, warnings: scan.warnings };

  const warnings = [...scan.warnings];
  const leftOut = await leftOutWarning(input, ctx, relation, leaveOut);
  if (leftOut) warnings.push(leftOut);
  return { ...scan, warnings };
};

function missingColumnsProblem(input: InputFile, columns: string[]): Problem | undefined {
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (!missing.length) return undefined;
  return {
    file: input.pointer,
    where: 'row 1',
    message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a WITS download has ${REQUIRED.join(', ')}, ...)`,
  };
}

/** The `leave_out_partners` option as upper-case PartnerISO3 codes. */
function partnersToLeaveOut(input: InputFile): string[] {
  return (input.options.leave_out_partners ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

/** An SQL list of the left-out codes; `''` stands in for none, since `IN ()` is not valid SQL. */
function sqlList(codes: string[]): string {
  return codes.length ? codes.map(lit).join(', ') : "''";
}

/**
 * Every field read once, as text, with what it means; `problem` says what is wrong with the row, if anything,
 * as `Field: message`, so the staged view, the problem list and the left-out summary agree on each row.
 */
function parsedRowsSql(relation: string): string {
  return `
    WITH r AS (
      SELECT rn, trim("Nomenclature") AS nomenclature, trim("ReporterISO3") AS reporter,
             trim("ProductCode") AS code, upper(trim("PartnerISO3")) AS partner_code, trim("Year") AS year,
             trim("TradeFlowName") AS flow_name, trim("TradeFlowCode") AS flow_code,
             trim("TradeValuein1000USD") AS value,
             regexp_extract(trim("ProductCode"), '^(\\d{2})-(\\d{2})_(.+)$', ['lo', 'hi', 'name']) AS grp
      FROM ${relation}
    )
    SELECT r.*, ${EDITIONS_MAP}[r.nomenclature] AS edition, w.reads_as, w.code IS NOT NULL AS wits_code,
      CASE
        WHEN regexp_full_match(r.code, '\\d{2}|\\d{4}|\\d{6}') THEN r.code
        WHEN r.grp.lo <> '' AND r.grp.lo = r.grp.hi THEN r.grp.lo
        WHEN r.grp.lo <> '' AND r.grp.lo < r.grp.hi THEN r.grp.lo || '-' || r.grp.hi
      END AS product,
      CASE
        WHEN ${EDITIONS_MAP}[coalesce(r.nomenclature, '')] IS NULL
          THEN 'Nomenclature: ''' || coalesce(r.nomenclature, '') || ''' is not a WITS HS nomenclature (expected H0 = HS 1992 ... H6 = HS 2022)'
        WHEN r.reporter IS DISTINCT FROM 'KAZ'
          THEN 'ReporterISO3: ''' || coalesce(r.reporter, '') || ''': the trade tables are Kazakhstan''s own reports (expected KAZ)'
        WHEN NOT (coalesce(r.flow_name, '') = 'Export' AND r.flow_code IS NOT DISTINCT FROM '6')
         AND NOT (coalesce(r.flow_name, '') = 'Import' AND r.flow_code IS NOT DISTINCT FROM '5')
          THEN 'TradeFlowName, TradeFlowCode: ''' || coalesce(r.flow_name, '') || ''', ''' || coalesce(r.flow_code, '') ||
               ''' (expected Export with code 6 or Import with code 5)'
        WHEN NOT regexp_full_match(coalesce(r.code, ''), '\\d{2}|\\d{4}|\\d{6}') AND NOT (r.grp.lo <> '' AND r.grp.lo <= r.grp.hi)
          THEN 'ProductCode: ''' || coalesce(r.code, '') || ''' is neither an HS code (2, 4 or 6 digits) nor a WITS product group such as 25-26_Minerals'
        WHEN r.partner_code IS NULL THEN 'PartnerISO3: empty (expected a country code, or WLD for the world)'
      END AS problem
    FROM r LEFT JOIN wits_partners w ON w.code = r.partner_code`;
}

/** The staged rows; partner groups that are no country and the left-out partners are not read. */
function stagedRowsSql(input: InputFile, relation: string, leaveOut: string[]): string {
  return `
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage: input.vintage ? lit(input.vintage) : 'NULL',
        indicator_raw: `CASE flow_name WHEN 'Export' THEN 'exports' WHEN 'Import' THEN 'imports' END`,
        region_raw: `'000000000'`,
        period_raw: 'year',
        value_raw: 'value',
        unit_raw: `'thousand USD'`,
        partner_raw: `CASE WHEN reads_as = 'all' THEN NULL ELSE coalesce(reads_as, partner_code) END`,
        product_raw: 'product',
        note: `concat_ws('; ', 'HS ' || edition,
                       CASE WHEN grp.lo <> '' THEN 'WITS product group ' || code END,
                       CASE WHEN wits_code AND reads_as <> 'all' THEN 'WITS partner code ' || partner_code END)`,
      })}
      FROM (${parsedRowsSql(relation)})
      WHERE NOT (wits_code AND reads_as IS NULL)
        AND partner_code NOT IN (${sqlList(leaveOut)})`;
}

/** The first rows with a problem (one past the per-file limit, so the caller can say there are more). */
async function rowProblems(input: InputFile, ctx: ReaderContext, relation: string): Promise<Problem[]> {
  const bad = await ctx.db.all<{ rn: number; problem: string }>(
    `SELECT rn::INTEGER AS rn, problem FROM (${parsedRowsSql(relation)}) WHERE problem IS NOT NULL ORDER BY rn LIMIT ${PROBLEMS_PER_FILE + 1}`,
  );
  return bad.map((b) => {
    const [field, ...rest] = b.problem.split(': ');
    return { file: input.pointer, where: `row ${b.rn + 1} field ${field}`, message: rest.join(': ') };
  });
}

/** What was not read, so that a sum over partners that falls short of the world row is explained. */
async function leftOutWarning(
  input: InputFile,
  ctx: ReaderContext,
  relation: string,
  leaveOut: string[],
): Promise<string | undefined> {
  const left = await ctx.db.all<{ code: string; name: string; why: string; n: number; value: number }>(
    `SELECT partner_code AS code, any_value(w.name) AS name,
            CASE WHEN partner_code IN (${sqlList(leaveOut)}) THEN 'option leave_out_partners'
                 ELSE 'no country' END AS why,
            count(*)::INTEGER AS n, round(sum(TRY_CAST(value AS DOUBLE)), 1)::DOUBLE AS value
     FROM (${parsedRowsSql(relation)}) p LEFT JOIN wits_partners w ON w.code = p.partner_code
     WHERE (p.wits_code AND p.reads_as IS NULL)
        OR p.partner_code IN (${sqlList(leaveOut)})
     GROUP BY partner_code ORDER BY partner_code`,
  );
  if (!left.length) return undefined;
  return `${input.pointer}: rows left out: ${left
    .map((l) => `${l.code}${l.name ? ` (${l.name})` : ''}, ${l.why}: ${l.n} rows, ${l.value} thousand USD`)
    .join('; ')}`;
}
