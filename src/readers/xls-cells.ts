import { stat } from 'node:fs/promises';
import type { CellObject } from '@e965/xlsx';
import type { CellInfo } from './xlsx-cells.ts';

/**
 * What one cell of a legacy binary workbook (.xls, BIFF8) holds, reduced to
 * the same `CellInfo` the xlsx path gives. SheetJS never evaluates formulas:
 * a BIFF formula record always carries the result Excel saved, and that is
 * what is read. BIFF8 keeps rich-text runs in the shared-string table, which
 * SheetJS CE does not parse: a superscript footnote marker arrives glued to
 * its text ("Туркестанская1"), never in `marks`.
 */
export function describeXlsCell(cell: CellObject | undefined): CellInfo | undefined {
  if (!cell) return undefined;
  switch (cell.t) {
    case 'n':
      return { kind: 'number', num: cell.v as number, text: String(cell.v), marks: '' };
    case 's':
      return { kind: 'text', text: String(cell.v ?? ''), marks: '' };
    case 'b':
      return { kind: 'bool', text: String(cell.v), marks: '' };
    case 'd':
      return {
        kind: 'date',
        text: cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v),
        marks: '',
      };
    case 'e':
      return { kind: 'error', text: cell.w ?? `#ERROR ${String(cell.v)}`, marks: '' };
    default:
      return undefined;
  }
}

/**
 * A BIFF file is not compressed, so there is no ratio to check as for an xlsx
 * zip; its size alone bounds the memory SheetJS needs (a few times the file).
 * The bulletins are about half a megabyte.
 */
export const XLS_LIMITS = { maxBytes: 32 * 1024 * 1024 } as const;

export async function xlsSizeProblem(file: string): Promise<string | undefined> {
  const { size } = await stat(file);
  return size > XLS_LIMITS.maxBytes
    ? `${size} bytes, over the limit of ${XLS_LIMITS.maxBytes} for a binary .xls workbook`
    : undefined;
}
