import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { closest, readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader, ReaderContext } from './types.ts';

/**
 * The tidy CSV anyone can drop in (docs/data.md, "Your own data"): one observation per
 * row, `indicator,region,period,value,unit[,status][,source][,industry]
 * [,partner][,product][,flow]`. `indicator` may be left out when the file is
 * given as `--input INDICATOR=FILE`.
 */
const REQUIRED = ['region', 'period', 'value', 'unit'];
const OPTIONAL = ['indicator', 'status', 'source', 'industry', 'partner', 'product', 'flow'];
const KNOWN = [...REQUIRED, ...OPTIONAL];

export const readTidyCsv: Reader = async (input, ctx) => {
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const cols = header.columns;
  const problems = await headerProblems(input, ctx, cols);
  if (problems.length) return { rows: 0, problems, warnings: [] };

  // As read: the CSV reader already makes an empty field NULL, and labels are trimmed once per
  // distinct value when they are resolved (src/normalise/sql/resolve.sql), not once per row here.
  const col = (name: string) => (cols.includes(name) ? `"${name}"` : 'NULL');
  const indicator = cols.includes('indicator') ? col('indicator') : lit(input.indicator!);
  const scan = await scanCsv(
    input,
    ctx,
    cols,
    (relation) => `
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage: input.vintage ? lit(input.vintage) : 'NULL',
        indicator_raw: indicator,
        region_raw: col('region'),
        period_raw: col('period'),
        value_raw: col('value'),
        unit_raw: col('unit'),
        status_raw: col('status'),
        industry_raw: col('industry'),
        partner_raw: col('partner'),
        product_raw: col('product'),
        flow_raw: col('flow'),
        note: cols.includes('source') ? `'source: ' || nullif(trim(source), '')` : 'NULL',
      })}
      FROM ${relation}`,
  );
  return scan;
};

/** Every way the header row is wrong: repeated, unknown (with the nearest known name) and missing columns. */
async function headerProblems(input: InputFile, ctx: ReaderContext, cols: string[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [i, c] of cols.entries()) {
    if (seen.has(c))
      problems.push({
        file: input.pointer,
        where: `row 1 column ${i + 1}`,
        message: `column '${c}' appears twice`,
      });
    seen.add(c);
    if (!KNOWN.includes(c)) {
      const hint = await closest(
        ctx,
        c,
        KNOWN.filter((k) => !cols.includes(k)),
      );
      problems.push({
        file: input.pointer,
        where: `row 1 column ${i + 1}`,
        message: `unknown column '${c}'${hint ? `; did you mean '${hint}'?` : ''} (expected ${KNOWN.join(', ')})`,
      });
    }
  }
  for (const r of REQUIRED)
    if (!cols.includes(r))
      problems.push({
        file: input.pointer,
        where: 'row 1',
        message: `missing column '${r}' (header must name ${REQUIRED.join(', ')})`,
      });
  if (!cols.includes('indicator') && !input.indicator)
    problems.push({
      file: input.pointer,
      where: 'row 1',
      message: "no 'indicator' column: add one, or name the indicator as --input INDICATOR=FILE",
    });
  return problems;
}
