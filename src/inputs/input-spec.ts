import { UsageError } from '../core/errors.ts';

/**
 * `--input [INDICATOR=]FILE[#option=value&...]`: a file added to a run, with
 * the indicator it holds when it does not say so itself and reader options
 * (`#sheet=...&section=...&unit=...` or `#layout=SIDECAR.json` for workbooks).
 */
export interface InputSpec {
  file: string;
  indicator?: string;
  options: Record<string, string>;
}

/**
 * Reader options a file can carry, each read by at least one reader: workbooks take sheet, section, unit, or a
 * bulletin's layout (a sidecar declaring its tables); processed series item_as, items, unit, and product (a monthly
 * series of one HS product); the Atlas file hs_edition and from_year; WITS downloads leave_out_partners; any CSV
 * encoding. A key no reader reads would be ignored without a word, so it is refused.
 */
export const INPUT_OPTIONS = [
  'sheet',
  'section',
  'unit',
  'layout',
  'item_as',
  'items',
  'product',
  'hs_edition',
  'from_year',
  'leave_out_partners',
  'encoding',
];

export function parseInputSpec(arg: string): InputSpec {
  let rest = arg;
  let indicator: string | undefined;
  const eq = rest.match(/^([a-z][a-z0-9_]*)=(.+)$/);
  if (eq) {
    indicator = eq[1];
    rest = eq[2]!;
  }
  const options: Record<string, string> = {};
  const hash = rest.lastIndexOf('#');
  if (hash > 0 && /^[a-z_]+=/.test(rest.slice(hash + 1))) {
    for (const pair of new URLSearchParams(rest.slice(hash + 1))) options[pair[0]] = pair[1];
    rest = rest.slice(0, hash);
  }
  for (const key of Object.keys(options))
    if (!INPUT_OPTIONS.includes(key))
      throw new UsageError(`--input ${arg}: unknown option '${key}' (known: ${INPUT_OPTIONS.join(', ')})`);
  if (!rest) throw new UsageError(`--input ${arg}: no file`);
  return { file: rest, indicator, options };
}
