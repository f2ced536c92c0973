import { lit } from '../db/duckdb.ts';
import type { Problem } from '../engine/errors.ts';
import { closest, readCsvHeader, scanCsv } from './csv-scan.ts';
import type { Reader } from './types.ts';

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
  const problems: Problem[] = [];
  const cols = header.columns;
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
  if (problems.length) return { rows: 0, problems, warnings: [] };

  // As read: the CSV reader already makes an empty field NULL, and labels are trimmed once per
  // distinct value when they are resolved (sql/normalise/resolve.sql), not once per row here.
  const col = (name: string) => (cols.includes(name) ? `"${name}"` : 'NULL');
  const indicator = cols.includes('indicator') ? col('indicator') : lit(input.indicator!);
  const scan = await scanCsv(
    input,
    ctx,
    cols,
    (relation) => `
      SELECT ${lit(input.pointer)}, 'row ' || (rn + 1), ${input.vintage ? lit(input.vintage) : 'NULL'},
             ${indicator}, ${col('region')}, ${col('period')}, ${col('value')}, NULL::DOUBLE, ${col('unit')},
             ${col('status')}, ${col('industry')}, ${col('partner')}, ${col('product')}, ${col('flow')},
             ${cols.includes('source') ? `'source: ' || nullif(trim(source), '')` : 'NULL'}
      FROM ${relation}`,
  );
  return scan;
};
