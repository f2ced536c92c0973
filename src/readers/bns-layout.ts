import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Problem } from '../core/errors.ts';
import { parsePeriod } from '../core/periods.ts';
import { columnLetters, columnNumber, splitAddress } from './a1.ts';
import type { Sheet } from './workbook.ts';
import type { CellInfo } from './xlsx-cells.ts';

/**
 * The declared layout of a statistical bulletin: which sheet, rows, column
 * and header cells give which indicator, in which unit and for which period.
 * A bulletin holds one table per sheet with regions down the rows and
 * indicators across the columns, and nothing in the cells names the period or
 * the catalogue indicator; so the layout is declared as data in a sidecar
 * JSON file beside the workbook (`sources.json` option `layout`, or
 * `--input FILE.xls#layout=SIDECAR.json`), never coded per file.
 *
 * Every text the declaration quotes is checked against the workbook before a
 * figure is read: a sheet, a header or a units cell that no longer says what
 * was declared (a moved column, a renamed header, a new edition) refuses the
 * file, naming the cell, what was expected and what was found. Numbers are
 * never shifted into another indicator.
 */
const cellRef = z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/, 'expected a cell like B3');
const sheetCellRef = z.string().regex(/^'[^']+'![A-Z]{1,3}[1-9]\d*$/, "expected a cell like 'Sheet'!A14");
const texts = z.record(cellRef, z.string().min(1));

const column = z
  .object({
    column: z.string().regex(/^[A-Z]{1,3}$/, 'expected a column letter like B'),
    indicator: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a catalogue indicator id'),
    /** the unit as the table states it (a units cell, the header), a catalogue unit or one of its aliases */
    unit: z.string().min(1),
    /** the header cells of the column and the text each holds */
    header: texts.refine((h) => Object.keys(h).length > 0, 'name at least one header cell'),
  })
  .strict();

const table = z
  .object({
    sheet: z.string().min(1),
    /** the column of region labels and the rows of the table, e.g. A5:A25 */
    labels: z
      .string()
      .regex(/^[A-Z]{1,3}[1-9]\d*:[A-Z]{1,3}[1-9]\d*$/, 'expected a range of one column like A5:A25'),
    /** other cells of the sheet and their text: the title, the units cell */
    expect: texts.default({}),
    columns: z.array(column).min(1),
  })
  .strict();

export const bulletinLayout = z
  .object({
    $comment: z.string().optional(),
    /** the period every figure of the file refers to, e.g. 2022 */
    period: z.string().refine((p) => parsePeriod(p) !== undefined, 'expected a period like 2022'),
    /** cells anywhere in the workbook that identify the edition, e.g. the cover's "2022 жыл" */
    expect: z.record(sheetCellRef, z.string().min(1)).default({}),
    tables: z.array(table).min(1),
  })
  .strict();
export type BulletinLayout = z.infer<typeof bulletinLayout>;

/** Reads and validates a sidecar; problems name the sidecar and the field. */
export async function readLayout(file: string, pointer: string): Promise<BulletinLayout | Problem[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    return [{ file: pointer, message: `not a readable layout declaration: ${(e as Error).message}` }];
  }
  const parsed = bulletinLayout.safeParse(json);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) => ({
    file: pointer,
    where: `field ${i.path.join('.')}`,
    message: i.message,
  }));
}

/** The sidecar named by a `layout` option, relative to the workbook it describes. */
export function layoutPath(workbook: string, option: string): string {
  return path.resolve(path.dirname(workbook), option);
}

/** Texts compare after Unicode normalisation, case and runs of spaces and line breaks. */
const same = (a: string, b: string) => norm(a) === norm(b);
const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
const shown = (c: CellInfo | undefined) => (c ? `'${c.text.replace(/\s+/g, ' ').trim()}'` : 'an empty cell');

export interface DeclaredColumn {
  col: number;
  indicator: string;
  unit: string;
}

export interface DeclaredTable {
  sheet: string;
  columns: DeclaredColumn[];
  rows: { row: number; label: string }[];
}

/**
 * Checks a workbook against its declaration and returns the tables to read,
 * or adds to `problems` every way in which it does not match.
 */
export function declaredTables(
  sheets: Sheet[],
  layout: BulletinLayout,
  file: string,
  problems: Problem[],
): DeclaredTable[] {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const names = sheets.map((s) => `'${s.name}'`).join(', ');
  const before = problems.length;
  checkEdition(byName, names, layout, file, problems);
  const tables: DeclaredTable[] = [];
  for (const t of layout.tables) {
    const s = byName.get(t.sheet);
    if (!s) {
      problems.push({
        file,
        where: `sheet '${t.sheet}'`,
        message: `no sheet '${t.sheet}' (sheets: ${names})`,
      });
      continue;
    }
    const table = declaredTable(s, t, file, problems);
    if (table) tables.push(table);
  }
  // Every problem is reported, but a workbook that differs anywhere is not read at all.
  return problems.length > before ? [] : tables;
}

type TableLayout = BulletinLayout['tables'][number];

const cellAt = (s: Sheet, ref: string) => {
  const { row, col } = splitAddress(ref);
  return s.grid.get(row)?.get(col);
};

/** The workbook-wide cells that identify the edition (the cover's year, say). */
function checkEdition(
  byName: Map<string, Sheet>,
  names: string,
  layout: BulletinLayout,
  file: string,
  problems: Problem[],
): void {
  for (const [ref, text] of Object.entries(layout.expect)) {
    const m = ref.match(/^'([^']+)'!(.+)$/)!;
    const s = byName.get(m[1]!);
    if (!s) problems.push({ file, where: ref, message: `no sheet '${m[1]}' (sheets: ${names})` });
    else if (!same(cellAt(s, m[2]!)?.text ?? '', text))
      problems.push({
        file,
        where: ref,
        message: `expected '${text}' (the declared edition, period ${layout.period}), found ${shown(cellAt(s, m[2]!))}`,
      });
  }
}

/** One table of the declaration checked against its sheet; undefined when its label range cannot be read. */
function declaredTable(
  s: Sheet,
  t: TableLayout,
  file: string,
  problems: Problem[],
): DeclaredTable | undefined {
  checkTableTexts(s, t, file, problems);
  const [from, to] = t.labels.split(':').map(splitAddress) as [
    { col: number; row: number },
    { col: number; row: number },
  ];
  if (from.col !== to.col || to.row < from.row) {
    problems.push({
      file,
      where: `sheet '${t.sheet}'`,
      message: `labels ${t.labels}: expected one column, top to bottom`,
    });
    return undefined;
  }
  const rows = regionLabels(s, t, from.col, from.row, to.row, file, problems);
  checkRowBelow(s, t, from.col, to.row, file, problems);
  return {
    sheet: t.sheet,
    rows,
    columns: t.columns.map((c) => ({ col: columnNumber(c.column), indicator: c.indicator, unit: c.unit })),
  };
}

/** The title, units and header cells a table declares, each still saying what was declared. */
function checkTableTexts(s: Sheet, t: TableLayout, file: string, problems: Problem[]): void {
  // A text that is not where it was declared: say where in the same row it is now, if anywhere.
  const check = (ref: string, text: string, what: string) => {
    const found = cellAt(s, ref);
    if (same(found?.text ?? '', text)) return;
    const { row } = splitAddress(ref);
    const moved = [...(s.grid.get(row) ?? new Map<number, CellInfo>()).entries()].find(([, x]) =>
      same(x.text, text),
    );
    problems.push({
      file,
      where: `'${t.sheet}'!${ref}`,
      message:
        `expected ${what}'${text}', found ${shown(found)}` +
        (moved ? ` (that text is now in ${columnLetters(moved[0])}${row}: has the column moved?)` : ''),
    });
  };
  for (const [ref, text] of Object.entries(t.expect)) check(ref, text, '');
  for (const c of t.columns)
    for (const [ref, text] of Object.entries(c.header)) check(ref, text, `the header of ${c.indicator} `);
}

/** The region label of each declared row; a row without one is a problem, not a row to skip. */
function regionLabels(
  s: Sheet,
  t: TableLayout,
  col: number,
  top: number,
  bottom: number,
  file: string,
  problems: Problem[],
): DeclaredTable['rows'] {
  const rows: DeclaredTable['rows'] = [];
  for (let r = top; r <= bottom; r++) {
    const label = s.grid.get(r)?.get(col);
    if (label?.kind === 'text' && label.text.trim() !== '') rows.push({ row: r, label: label.text.trim() });
    else
      problems.push({
        file,
        where: `'${t.sheet}'!${columnLetters(col)}${r}`,
        message: `expected a region label in the declared rows ${t.labels}, found ${shown(label)}`,
      });
  }
  return rows;
}

/** A region added to the table would sit just below the declared rows: say so rather than leave it out. */
function checkRowBelow(
  s: Sheet,
  t: TableLayout,
  col: number,
  bottom: number,
  file: string,
  problems: Problem[],
): void {
  const next = s.grid.get(bottom + 1);
  const nextLabel = next?.get(col);
  if (nextLabel?.text.trim() && t.columns.some((c) => next?.get(columnNumber(c.column))?.text.trim()))
    problems.push({
      file,
      where: `'${t.sheet}'!${columnLetters(col)}${bottom + 1}`,
      message: `a row ${shown(nextLabel)} with figures follows the declared rows ${t.labels}: has the table grown? Declare its rows again`,
    });
}
