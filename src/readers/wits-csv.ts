import { lit } from '../core/duckdb.ts';
import { PROBLEMS_PER_FILE, type Problem } from '../core/errors.ts';
import { readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { Reader } from './types.ts';

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

export const readWitsCsv: Reader = async (input, ctx) => {
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const missing = REQUIRED.filter((c) => !header.columns.includes(c));
  if (missing.length)
    return {
      rows: 0,
      problems: [
        {
          file: input.pointer,
          where: 'row 1',
          message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a WITS download has ${REQUIRED.join(', ')}, ...)`,
        },
      ],
      warnings: [],
    };
  const leaveOut = (input.options.leave_out_partners ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const editions = `MAP {${Object.entries(EDITIONS)
    .map(([k, v]) => `${lit(k)}: ${lit(v)}`)
    .join(', ')}}`;
  // Every field read once, as text, with what it means; `problem` says what is wrong with the row, if anything.
  const parsed = (relation: string) => `
    WITH r AS (
      SELECT rn, trim("Nomenclature") AS nomenclature, trim("ReporterISO3") AS reporter,
             trim("ProductCode") AS code, upper(trim("PartnerISO3")) AS partner_code, trim("Year") AS year,
             trim("TradeFlowName") AS flow_name, trim("TradeFlowCode") AS flow_code,
             trim("TradeValuein1000USD") AS value,
             regexp_extract(trim("ProductCode"), '^(\\d{2})-(\\d{2})_(.+)$', ['lo', 'hi', 'name']) AS grp
      FROM ${relation}
    )
    SELECT r.*, ${editions}[r.nomenclature] AS edition, w.reads_as, w.code IS NOT NULL AS wits_code,
      CASE
        WHEN regexp_full_match(r.code, '\\d{2}|\\d{4}|\\d{6}') THEN r.code
        WHEN r.grp.lo <> '' AND r.grp.lo = r.grp.hi THEN r.grp.lo
        WHEN r.grp.lo <> '' AND r.grp.lo < r.grp.hi THEN r.grp.lo || '-' || r.grp.hi
      END AS product,
      CASE
        WHEN ${editions}[coalesce(r.nomenclature, '')] IS NULL
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
  let relation = '';
  const scan = await scanCsv(
    input,
    ctx,
    header.columns,
    (rel) => {
      relation = rel;
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
      FROM (${parsed(rel)})
      WHERE NOT (wits_code AND reads_as IS NULL)
        AND partner_code NOT IN (${leaveOut.length ? leaveOut.map(lit).join(', ') : "''"})`;
    },
    { filtered: true, legacy: 'latin-1' },
  );
  if (scan.problems.length || !scan.relation) return scan;

  const bad = await ctx.db.all<{ rn: number; problem: string }>(
    `SELECT rn::INTEGER AS rn, problem FROM (${parsed(relation)}) WHERE problem IS NOT NULL ORDER BY rn LIMIT ${PROBLEMS_PER_FILE + 1}`,
  );
  if (bad.length) {
    const problems: Problem[] = bad.map((b) => {
      const [field, ...rest] = b.problem.split(': ');
      return { file: input.pointer, where: `row ${b.rn + 1} field ${field}`, message: rest.join(': ') };
    });
    return { rows: 0, problems, warnings: scan.warnings };
  }

  // What was not read, so that a sum over partners that falls short of the world row is explained.
  const left = await ctx.db.all<{ code: string; name: string; why: string; n: number; value: number }>(
    `SELECT partner_code AS code, any_value(w.name) AS name,
            CASE WHEN partner_code IN (${leaveOut.length ? leaveOut.map(lit).join(', ') : "''"}) THEN 'option leave_out_partners'
                 ELSE 'no country' END AS why,
            count(*)::INTEGER AS n, round(sum(TRY_CAST(value AS DOUBLE)), 1)::DOUBLE AS value
     FROM (${parsed(relation)}) p LEFT JOIN wits_partners w ON w.code = p.partner_code
     WHERE (p.wits_code AND p.reads_as IS NULL)
        OR p.partner_code IN (${leaveOut.length ? leaveOut.map(lit).join(', ') : "''"})
     GROUP BY partner_code ORDER BY partner_code`,
  );
  const warnings = [...scan.warnings];
  if (left.length)
    warnings.push(
      `${input.pointer}: rows left out: ${left
        .map(
          (l) => `${l.code}${l.name ? ` (${l.name})` : ''}, ${l.why}: ${l.n} rows, ${l.value} thousand USD`,
        )
        .join('; ')}`,
    );
  return { ...scan, warnings };
};
