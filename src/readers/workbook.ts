import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describeXlsCell, xlsSizeProblem } from './xls-cells.ts';
import { type CellInfo, describeCell, xlsxSizeProblem } from './xlsx-cells.ts';

/**
 * A spreadsheet file as the BNS publishes it, read into the cells of each
 * sheet, whatever its format: Office Open XML (.xlsx, read with exceljs, which
 * keeps superscript runs apart) or the legacy binary format the statistical
 * bulletins still come in (.xls, BIFF8, read with SheetJS). The format is told
 * by the file's first bytes, not its name: offices serve one under the other's
 * extension. Each format's size limit is checked before anything is inflated
 * or parsed.
 */
export type Grid = Map<number, Map<number, CellInfo>>;

export interface Sheet {
  name: string;
  visible: boolean;
  /** row -> column -> cell, 1-based as in A1 notation; empty cells are absent */
  grid: Grid;
}

export interface Workbook {
  format: 'xlsx' | 'xls';
  sheets: Sheet[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** The workbook's sheets, or the reason it cannot be read (a message naming what was expected). */
export async function readWorkbook(file: string): Promise<Workbook | { problem: string }> {
  const head = await firstBytes(file, CFB.length);
  if (startsWith(head, CFB)) return readXls(file);
  if (startsWith(head, ZIP)) return readXlsx(file);
  return {
    problem: `not an xlsx workbook, nor a binary .xls one (a workbook starts with the bytes of a zip or of an OLE compound file; this one starts with ${JSON.stringify(head.toString('latin1'))})`,
  };
}

async function readXlsx(file: string): Promise<Workbook | { problem: string }> {
  const refused = await xlsxSizeProblem(file);
  if (refused) return { problem: refused };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (e) {
    return { problem: `not a readable xlsx workbook: ${(e as Error).message}` };
  }
  return {
    format: 'xlsx',
    sheets: workbook.worksheets.map((ws) => {
      const grid: Grid = new Map();
      ws.eachRow({ includeEmpty: false }, (row, r) => {
        const cells = new Map<number, CellInfo>();
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const info = describeCell(cell);
          if (info) cells.set(c, info);
        });
        if (cells.size) grid.set(r, cells);
      });
      return { name: ws.name, visible: ws.state === 'visible', grid };
    }),
  };
}

async function readXls(file: string): Promise<Workbook | { problem: string }> {
  const refused = await xlsSizeProblem(file);
  if (refused) return { problem: refused };
  // Loaded on first use: a run without .xls files does not pay for it.
  const XLSX = await import('@e965/xlsx');
  const { readFile } = await import('node:fs/promises');
  let wb: ReturnType<typeof XLSX.read>;
  try {
    wb = XLSX.read(await readFile(file), {
      type: 'buffer',
      dense: true,
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
      cellNF: false,
      cellStyles: false,
    });
  } catch (e) {
    return { problem: `not a readable .xls workbook: ${(e as Error).message}` };
  }
  if (wb.SheetNames.length === 0) return { problem: 'not a readable .xls workbook: it has no sheets' };
  return {
    format: 'xls',
    sheets: wb.SheetNames.map((name, i) => {
      const grid: Grid = new Map();
      for (const [r, row] of (wb.Sheets[name]?.['!data'] ?? []).entries()) {
        if (!row) continue;
        const cells = new Map<number, CellInfo>();
        for (const [c, cell] of row.entries()) {
          const info = describeXlsCell(cell);
          if (info) cells.set(c + 1, info);
        }
        if (cells.size) grid.set(r + 1, cells);
      }
      return { name, visible: !wb.Workbook?.Sheets?.[i]?.Hidden, grid };
    }),
  };
}
