import { readFile } from 'node:fs/promises';
import type { Cell, CellValue } from 'exceljs';
import { unzipSync } from 'fflate';

/**
 * What one spreadsheet cell holds, reduced to what a statistical table needs:
 * a number, text (with any superscript footnote markers taken apart), an
 * Excel error, or a formula. Formulas are never evaluated: the cached result
 * the office saved is used, and a formula without one is reported.
 */
export type CellKind = 'number' | 'text' | 'error' | 'formula' | 'date' | 'bool';

export interface CellInfo {
  kind: CellKind;
  num?: number;
  /** the visible text, superscript runs removed */
  text: string;
  /** superscript runs (footnote markers such as "1)" or " 1") */
  marks: string;
  /** the cell opens with a superscript run: a footnote's own text ("¹⁾ preliminary data"), not a marked label */
  marksFirst?: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function describeCell(cell: Cell): CellInfo | undefined {
  return describeValue(cell.value);
}

export function describeValue(v: CellValue): CellInfo | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return { kind: 'number', num: v, text: String(v), marks: '' };
  if (typeof v === 'string') return { kind: 'text', text: v, marks: '' };
  if (typeof v === 'boolean') return { kind: 'bool', text: String(v), marks: '' };
  if (v instanceof Date) return { kind: 'date', text: v.toISOString().slice(0, 10), marks: '' };
  if (!isObject(v)) return undefined;
  if ('richText' in v && Array.isArray(v.richText)) {
    let text = '';
    let marks = '';
    let marksFirst: boolean | undefined;
    for (const run of v.richText as { text?: string; font?: { vertAlign?: string } }[]) {
      const sup = run.font?.vertAlign === 'superscript';
      if ((run.text ?? '').trim() !== '') marksFirst ??= sup;
      if (sup) marks += run.text ?? '';
      else text += run.text ?? '';
    }
    return { kind: 'text', text, marks: marks.trim(), marksFirst: Boolean(marksFirst) };
  }
  if ('error' in v) return { kind: 'error', text: String(v.error), marks: '' };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null)
      return {
        kind: 'formula',
        text: `=${String((v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula)}`,
        marks: '',
      };
    if (isObject(result) && 'error' in result)
      return { kind: 'error', text: String(result.error), marks: '' };
    return describeValue(result as CellValue);
  }
  if ('hyperlink' in v && 'text' in v) return { kind: 'text', text: String(v.text), marks: '' };
  return undefined;
}

/** Limits that keep a hostile workbook (a zip bomb) from exhausting memory. */
export const XLSX_LIMITS = { maxUncompressedBytes: 256 * 1024 * 1024, maxRatio: 200 } as const;

/**
 * Checks the zip directory of an xlsx before anything inflates it. Returns a
 * reason to refuse the file, or undefined when it is within the limits.
 */
export async function xlsxSizeProblem(file: string): Promise<string | undefined> {
  const bytes = await readFile(file);
  let total = 0;
  try {
    unzipSync(bytes, {
      filter(entry) {
        total += entry.originalSize;
        return false;
      },
    });
  } catch (e) {
    return `not an xlsx workbook (${(e as Error).message})`;
  }
  if (total > XLSX_LIMITS.maxUncompressedBytes)
    return `inflates to ${total} bytes, over the limit of ${XLSX_LIMITS.maxUncompressedBytes} (a zip bomb?)`;
  if (bytes.length > 0 && total / bytes.length > XLSX_LIMITS.maxRatio)
    return `compresses ${Math.round(total / bytes.length)}:1, over the limit of ${XLSX_LIMITS.maxRatio}:1 (a zip bomb?)`;
  return undefined;
}
