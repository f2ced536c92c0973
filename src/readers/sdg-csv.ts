import path from 'node:path';
import { lit } from '../core/duckdb.ts';
import { readCsvHeader, scanCsv } from './csv-scan.ts';
import { stagedSelect } from './staged.ts';
import type { Reader } from './types.ts';

/**
 * CSV files of the BNS's SDG platform (kazstat/sdg-data-kazstat):
 * `indicator_9-5-1.csv` with columns `Year,[UNIT_MEASURE,]REF_AREA,Value`.
 * REF_AREA holds the platform's own area codes (KZAKM, KZONT, ...; empty =
 * the Republic), resolved by the region registry like any other label. The
 * series (SDG code + unit measure) maps to a catalogue indicator through the
 * catalogue's `sdg` column.
 */
export const readSdgCsv: Reader = async (input, ctx) => {
  const code = path.basename(input.path).match(/^indicator_(\d+-\d+-\d+(?:-\d+)?)\.csv$/i)?.[1];
  if (!code)
    return {
      rows: 0,
      problems: [
        { file: input.pointer, message: "an SDG platform file must be named like 'indicator_9-5-1.csv'" },
      ],
      warnings: [],
    };
  const header = await readCsvHeader(input);
  if (!('columns' in header)) return { rows: 0, problems: [header], warnings: [] };
  const cols = header.columns;
  const expected = ['Year', 'REF_AREA', 'Value'];
  const missing = expected.filter((c) => !cols.includes(c));
  const extra = cols.filter((c) => ![...expected, 'UNIT_MEASURE'].includes(c));
  if (missing.length || extra.length)
    return {
      rows: 0,
      problems: [
        {
          file: input.pointer,
          where: 'row 1',
          message: `expected columns Year,[UNIT_MEASURE,]REF_AREA,Value${missing.length ? `; missing ${missing.join(', ')}` : ''}${
            extra.length ? `; breakdown columns ${extra.join(', ')} are not supported` : ''
          }`,
        },
      ],
      warnings: [],
    };
  const hasUnit = cols.includes('UNIT_MEASURE');
  const series = hasUnit ? `'sdg:${code}:' || trim("UNIT_MEASURE")` : lit(`sdg:${code}`);
  // REF_AREA empty = the national value
  const scan = await scanCsv(
    input,
    ctx,
    cols,
    (relation) => `
      SELECT ${stagedSelect({
        source: lit(input.pointer),
        locator: `'row ' || (rn + 1)`,
        vintage: input.vintage ? lit(input.vintage) : 'NULL',
        indicator_raw: series,
        region_raw: `coalesce(nullif(trim("REF_AREA"), ''), '000000000')`,
        period_raw: `trim("Year")`,
        value_raw: `trim("Value")`,
        unit_raw: hasUnit
          ? 'trim("UNIT_MEASURE")'
          : `(SELECT min(unit) FROM indicators WHERE sdg = ${lit(code)})`,
      })}
      FROM ${relation}`,
  );
  return scan;
};
