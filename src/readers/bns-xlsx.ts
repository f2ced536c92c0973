import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import { cleanPeriodLabel, type Period, parsePeriod } from '../core/periods.ts';
import { address } from './a1.ts';
import { declaredTables } from './bns-layout.ts';
import { stagedSelect } from './staged.ts';
import type { InputFile, Reader, ReaderContext } from './types.ts';
import { type Grid, readWorkbook, type Sheet, type Workbook } from './workbook.ts';
import type { CellInfo } from './xlsx-cells.ts';

/**
 * BNS Excel tables, .xlsx or legacy binary .xls (docs/data.md), in one of
 * two layouts:
 *
 * - a time series (the GRP and population workbooks): a title, a units cell
 *   near the top, one header row of periods, one row per territory with its
 *   label in the column left of the first period, then footnotes below. The
 *   layout of each sheet is worked out here from its top rows and label column;
 * - a statistical bulletin (`input.layout`): one table per sheet, regions down
 *   the rows and indicators across the columns, for one period. Nothing in
 *   the cells says which indicator a column is, so the layout is declared
 *   beside the file and checked cell by cell (bns-layout.ts).
 *
 * Either way the cells themselves go to DuckDB, where they are unpivoted into
 * `staged` by a join with the column and label tables.
 *
 * Reader options (`--input grp=FILE.xlsx#sheet=NAME&section=NAME&unit=UNIT`):
 * `sheet` reads only the named sheets (separated by `|`), `section` only the
 * rows under a section heading (e.g. "Городское население"), `unit` states the
 * unit where a sheet has no units cell; `layout` names a bulletin's declaration.
 */

interface Layout {
  sheet: string;
  headerRow: number;
  labelCol: number;
  columns: {
    col: number;
    period: string;
    status: string | null;
    unit: string | null;
    header: string;
    /** a bulletin's column names its indicator; a time series has the file's */
    indicator?: string;
  }[];
  rows: { row: number; label: string; section: string | null; note: string | null }[];
  unit: { text: string; unit: string; cell: string } | null;
  sections: string[];
}

const MAX_HEADER_SEARCH = 40;
const FOOTNOTE_START = /^\s*(\d{1,2})\)\s*(.*)$/s;

/** Finds the units cell and footnote units with the DuckDB unit table, so the two never disagree. */
async function unitsOf(ctx: ReaderContext, texts: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(texts.filter((t) => t.trim() !== ''))];
  if (distinct.length === 0) return new Map();
  const rows = await ctx.db.all<{ t: string; unit: string }>(
    `SELECT t, u.unit FROM (SELECT unnest([${distinct.map(lit).join(',')}]) AS t) JOIN unit_aliases u ON fold_unit(t) = u.alias_key`,
  );
  return new Map(rows.map((r) => [r.t, r.unit]));
}

/** A unit named inside a footnote ("1990-1992 - mln. rubles"). */
async function unitMentioned(ctx: ReaderContext, text: string): Promise<string | undefined> {
  const row = await ctx.db.one<{ unit: string }>(
    `SELECT unit FROM unit_aliases
     WHERE length(alias_key) >= 4 AND regexp_matches(fold_unit($t), '(^|\\PL)' || regexp_escape(alias_key) || '(\\PL|$)')
     ORDER BY length(alias_key) DESC LIMIT 1`,
    { t: text },
  );
  return row?.unit;
}

const PRELIMINARY = /preliminary|предварительн|алдын ала|оперативн/i;

/** One sheet being read: its cells by row, where problems go, and how to name a cell in them. */
interface SheetView {
  input: InputFile;
  sheet: string;
  grid: Grid;
  /** the rows that hold cells, in order */
  rowNumbers: number[];
  problems: Problem[];
  where(row: number, col: number): string;
}

/** Footnotes by their number, and the row where they start (data stops there). */
interface Footnotes {
  from: number;
  /** the footnote a cell's marks ("1)", "2) 3)") refer to */
  of(marks: string): string | undefined;
}

async function analyseSheet(
  ctx: ReaderContext,
  input: InputFile,
  sheet: string,
  grid: Grid,
  problems: Problem[],
  skipped: string[],
): Promise<Layout | undefined> {
  const view: SheetView = {
    input,
    sheet,
    grid,
    rowNumbers: [...grid.keys()].sort((a, b) => a - b),
    problems,
    where: (row, col) => `'${sheet}'!${address(row, col)}`,
  };
  const headerRow = findHeaderRow(view);
  if (!headerRow) {
    problems.push({
      file: input.pointer,
      where: `sheet '${sheet}'`,
      message: `no header row of periods in the first ${MAX_HEADER_SEARCH} rows (expected cells like 2008, "1 quarter of 2008", "2008 год"; a bulletin with indicators across its columns needs a layout declaration, #layout=SIDECAR.json)`,
    });
    return undefined;
  }
  const header = grid.get(headerRow)!;
  const periodCells = [...header.entries()]
    .map(([col, c]) => ({ col, c, p: parsePeriod(c.kind === 'number' ? c.num! : c.text) }))
    .filter((x) => x.p !== undefined)
    .sort((a, b) => a.col - b.col);
  const labelCol = periodCells[0]!.col - 1;
  if (labelCol < 1) {
    problems.push({
      file: input.pointer,
      where: view.where(headerRow, periodCells[0]!.col),
      message: 'periods start in column A: no column is left for region labels',
    });
    return undefined;
  }
  const footnotes = readFootnotes(view, headerRow);
  const { columns, seen } = await periodColumns(ctx, view, headerRow, periodCells, footnotes);
  await dropColumnsOfOtherUnits(ctx, input, columns, skipped);
  const unitCells = await unitCellsOf(ctx, view, headerRow, seen);
  const { rows, sections } = dataRows(view, headerRow, labelCol, columns, footnotes);
  const wanted = input.options.section;
  const kept = wanted ? rows.filter((r) => r.section === wanted) : rows;
  if (wanted && kept.length === 0)
    problems.push({
      file: input.pointer,
      where: `sheet '${sheet}'`,
      message: `no section '${wanted}' (sections: ${sections.length ? sections.join(', ') : 'none'})`,
    });
  return {
    sheet,
    headerRow,
    labelCol,
    columns,
    rows: kept,
    unit: unitCells[0]
      ? { text: unitCells[0].text.trim(), unit: unitCells[0].unit, cell: unitCells[0].cell }
      : null,
    sections,
  };
}

/** The header row: the first with at least two period labels that make up most of its cells (0: none). */
function findHeaderRow({ grid, rowNumbers }: SheetView): number {
  for (const r of rowNumbers) {
    if (r > MAX_HEADER_SEARCH) break;
    const cells = [...grid.get(r)!.entries()];
    const periods = cells.filter(
      ([, c]) =>
        (c.kind === 'number' || c.kind === 'text') && parsePeriod(c.kind === 'number' ? c.num! : c.text),
    );
    if (periods.length >= 2 && periods.length * 2 >= cells.filter(([, c]) => c.text.trim() !== '').length)
      return r;
  }
  return 0;
}

/** Footnotes: rows below the data whose label starts with a marker. */
function readFootnotes({ grid, rowNumbers }: SheetView, headerRow: number): Footnotes {
  const footnotes = new Map<string, string>();
  let from = Number.POSITIVE_INFINITY;
  for (const r of rowNumbers) {
    if (r <= headerRow) continue;
    const first = [...grid.get(r)!.entries()].sort((a, b) => a[0] - b[0])[0];
    if (!first) continue;
    const [, cell] = first;
    const m = (cell.marksFirst ? `${cell.marks} ${cell.text}` : cell.text).match(FOOTNOTE_START);
    if (m && cell.kind === 'text') {
      footnotes.set(m[1]!, m[2]!.trim());
      from = Math.min(from, r);
    }
  }
  return {
    from,
    of: (marks) => {
      const n = marks.match(/\d{1,2}/)?.[0];
      return n ? footnotes.get(n) : undefined;
    },
  };
}

type PeriodCell = { col: number; c: CellInfo; p: Period | undefined };

/** A column per period of the header, with the status and unit its footnote gives; a repeated period is a problem. */
async function periodColumns(
  ctx: ReaderContext,
  view: SheetView,
  headerRow: number,
  periodCells: PeriodCell[],
  footnotes: Footnotes,
): Promise<{ columns: Layout['columns']; seen: Map<string, number> }> {
  const columns: Layout['columns'] = [];
  const seen = new Map<string, number>();
  for (const { col, c, p } of periodCells) {
    const glued = c.kind === 'text' ? c.text.match(/(?:19|20)\d\d(\d{1,2})\)/)?.[1] : undefined;
    const note = footnotes.of(`${c.marks} ${glued ?? ''}`);
    const before = seen.get(p!.period);
    if (before !== undefined) {
      view.problems.push({
        file: view.input.pointer,
        where: view.where(headerRow, col),
        message: `period ${p!.period} also heads column ${address(headerRow, before).replace(/\d+$/, '')} (merged or repeated header cells?)`,
      });
      continue;
    }
    seen.set(p!.period, col);
    columns.push({
      col,
      period: p!.period,
      status: note && PRELIMINARY.test(note) ? 'p' : null,
      unit: note ? ((await unitMentioned(ctx, note)) ?? null) : null,
      header: cleanPeriodLabel(c.kind === 'number' ? c.num! : c.text),
    });
  }
  return { columns, seen };
}

/**
 * A column whose footnote gives a unit of another kind (GRP 1990-1992 "in mln. rubles", before the
 * tenge existed) cannot be converted: it is left out, and the run report says so.
 */
async function dropColumnsOfOtherUnits(
  ctx: ReaderContext,
  input: InputFile,
  columns: Layout['columns'],
  skipped: string[],
): Promise<void> {
  const catalogueUnit = (
    await ctx.db.one<{ unit: string }>('SELECT unit FROM indicators WHERE id = $id', { id: input.indicator! })
  )?.unit;
  for (const c of [...columns]) {
    if (!c.unit || !catalogueUnit) continue;
    const same = await ctx.db.one<{ ok: boolean }>(
      'SELECT a.dimension = b.dimension AS ok FROM units a, units b WHERE a.unit = $a AND b.unit = $b',
      { a: c.unit, b: catalogueUnit },
    );
    if (!same?.ok) {
      columns.splice(columns.indexOf(c), 1);
      skipped.push(`${c.header} (${c.unit})`);
    }
  }
}

/** The units cell: a text above the header (or beside the periods) that is a known unit; several are a problem. */
async function unitCellsOf(
  ctx: ReaderContext,
  view: SheetView,
  headerRow: number,
  periodsSeen: Map<string, number>,
): Promise<{ text: string; cell: string; unit: string }[]> {
  const candidates: { text: string; cell: string }[] = [];
  for (const r of view.rowNumbers) {
    if (r > headerRow) break;
    for (const [col, c] of view.grid.get(r)!)
      if (c.kind === 'text' && !(r === headerRow && periodsSeen.has(parsePeriod(c.text)?.period ?? '')))
        candidates.push({ text: c.text, cell: view.where(r, col) });
  }
  const known = await unitsOf(
    ctx,
    candidates.map((c) => c.text),
  );
  const unitCells = candidates
    .filter((c) => known.has(c.text))
    .map((c) => ({ ...c, unit: known.get(c.text)! }));
  const distinctUnits = [...new Set(unitCells.map((u) => u.unit))];
  if (distinctUnits.length > 1)
    view.problems.push({
      file: view.input.pointer,
      where: `sheet '${view.sheet}'`,
      message: `the sheet states several units: ${unitCells.map((u) => `'${u.text.trim()}' (${u.cell})`).join(', ')}`,
    });
  return unitCells;
}

/** Data rows, and section headings (a label whose row holds no values, or repeats the label across a merge). */
function dataRows(
  view: SheetView,
  headerRow: number,
  labelCol: number,
  columns: Layout['columns'],
  footnotes: Footnotes,
): { rows: Layout['rows']; sections: string[] } {
  const rows: Layout['rows'] = [];
  const sections: string[] = [];
  let section: string | null = null;
  const periodCols = new Set(columns.map((c) => c.col));
  for (const r of view.rowNumbers) {
    if (r <= headerRow || r >= footnotes.from) continue;
    const cells = view.grid.get(r)!;
    const labelCell = cells.get(labelCol);
    const label = labelCell?.kind === 'text' || labelCell?.kind === 'number' ? labelCell.text.trim() : '';
    const values = [...cells.entries()].filter(
      ([col, c]) =>
        periodCols.has(col) && c.text.trim() !== '' && !(c.kind === 'text' && c.text.trim() === label),
    );
    if (!label) {
      if (values.length)
        view.problems.push({
          file: view.input.pointer,
          where: view.where(r, labelCol),
          message: `row ${r} has values but no region label in column ${address(r, labelCol).replace(/\d+$/, '')}`,
        });
      continue;
    }
    if (values.length === 0) {
      section = label;
      sections.push(label);
      continue;
    }
    const note = labelCell?.marks ? footnotes.of(labelCell.marks) : undefined;
    rows.push({ row: r, label, section, note: note ? `footnote ${labelCell!.marks.trim()}: ${note}` : null });
  }
  return { rows, sections };
}

/** The tables of a bulletin, as its declaration gives them (checked cell by cell against the workbook). */
function declaredLayouts(input: InputFile, sheets: Sheet[], problems: Problem[]): Layout[] {
  const layout = input.layout!;
  return declaredTables(sheets, layout, input.pointer, problems).map((t) => ({
    sheet: t.sheet,
    headerRow: 0,
    labelCol: 0,
    columns: t.columns.map((c) => ({
      col: c.col,
      period: layout.period,
      status: null,
      unit: c.unit,
      header: c.indicator,
      indicator: c.indicator,
    })),
    rows: t.rows.map((r) => ({ ...r, section: null, note: null })),
    unit: null,
    sections: [],
  }));
}

export const readBnsXlsx: Reader = async (input, ctx) => {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const refuse = (message: string) => ({ rows: 0, problems: [{ file: input.pointer, message }], warnings });
  if (!input.indicator && !input.layout)
    return refuse(
      'a BNS workbook does not name its indicator: give it as --input INDICATOR=FILE, or declare the layout of a bulletin (#layout=SIDECAR.json)',
    );
  const given = ['sheet', 'section', 'unit'].filter((o) => input.options[o] !== undefined);
  if (input.layout && given.length)
    return refuse(
      `${given.join(', ')} cannot be given with a layout, which names the sheets and units itself`,
    );
  const workbook = await readWorkbook(input.path);
  if ('problem' in workbook) return refuse(workbook.problem);

  const layouts = await sheetLayouts(ctx, input, workbook, problems, warnings);
  const units = await fileUnits(ctx, input, layouts, problems, warnings);
  if (problems.length) return { rows: 0, problems, warnings };
  const t = ctx.tag;
  await loadLayouts(ctx, workbook, layouts, units);

  // The unpivot: every value cell at a crossing of a data row and a period (or indicator) column becomes
  // one staged row. The BNS prints '0,0' for a magnitude too small to show ("болмашы шама"): it is read
  // as 0, and the row says what was printed.
  const fileIndicator = input.indicator ? lit(input.indicator) : 'NULL';
  const unitExpr = `coalesce(h.unit, s.unit, ${input.options.unit ? lit(input.options.unit) : `(SELECT unit FROM indicators WHERE id = coalesce(h.indicator, ${fileIndicator}))`})`;
  await ctx.db.run(`
    INSERT INTO staged
    SELECT ${stagedSelect({
      source: lit(input.pointer),
      locator: `'''' || c.sheet || '''!' || col_letter(c.col) || c.row`,
      vintage: input.vintage ? lit(input.vintage) : 'NULL',
      indicator_raw: `coalesce(h.indicator, ${fileIndicator})`,
      region_raw: 'r.label',
      period_raw: 'h.period',
      value_raw: `CASE WHEN c.kind = 'number' OR c.negligible THEN NULL ELSE c.text END`,
      value_num: 'CASE WHEN c.negligible THEN 0 ELSE c.num END',
      unit_raw: unitExpr,
      status_raw: 'h.status',
      note: `nullif(concat_ws('; ', r.note, CASE WHEN c.negligible THEN 'printed ''0,0'': negligible, less than half of the last digit shown' END), '')`,
    })}
    FROM (SELECT *, kind = 'text' AND trim(text) = '0,0' AS negligible FROM xlsx_cells_${t}) c
    JOIN xlsx_cols_${t} h USING (sheet, col)
    JOIN xlsx_rows_${t} r USING (sheet, row)
    JOIN xlsx_sheets_${t} s USING (sheet)
    WHERE NOT (c.kind = 'text' AND trim(c.text) = '');
    DROP TABLE xlsx_cells_${t}; DROP TABLE xlsx_cols_${t}; DROP TABLE xlsx_rows_${t}; DROP TABLE xlsx_sheets_${t};`);
  const rows = await ctx.db.value<number>(
    `SELECT count(*)::INTEGER FROM staged WHERE source = ${lit(input.pointer)}`,
  );
  if (rows === 0)
    problems.push({
      file: input.pointer,
      message: input.layout
        ? 'no values found in the declared tables'
        : 'no values found under the period header',
    });
  return { rows, problems, warnings };
};

/** The tables to read: as a bulletin's declaration gives them, or as each wanted sheet's cells show them. */
async function sheetLayouts(
  ctx: ReaderContext,
  input: InputFile,
  workbook: Workbook,
  problems: Problem[],
  warnings: string[],
): Promise<Layout[]> {
  const layouts: Layout[] = [];
  if (input.layout) layouts.push(...declaredLayouts(input, workbook.sheets, problems));
  else {
    const wantedSheets = input.options.sheet?.split('|');
    const sheets = workbook.sheets.filter((ws) =>
      wantedSheets ? wantedSheets.includes(ws.name) || wantedSheets.includes(ws.name.trim()) : ws.visible,
    );
    for (const name of wantedSheets ?? [])
      if (!workbook.sheets.some((ws) => ws.name === name || ws.name.trim() === name))
        problems.push({
          file: input.pointer,
          message: `no sheet '${name}' (sheets: ${workbook.sheets.map((w) => `'${w.name}'`).join(', ')})`,
        });
    for (const ws of sheets) {
      const skipped: string[] = [];
      const layout = await analyseSheet(ctx, input, ws.name, ws.grid, problems, skipped);
      if (layout) layouts.push(layout);
      if (skipped.length)
        warnings.push(
          `${input.pointer}: sheet '${ws.name}' columns ${skipped.join(', ')} left out: their footnoted unit cannot be converted to the unit of '${input.indicator}'`,
        );
    }
  }

  return layouts;
}

/** One unit per file: a units cell that changes between sheets is an error, not a conversion. Returns the units stated. */
async function fileUnits(
  ctx: ReaderContext,
  input: InputFile,
  layouts: Layout[],
  problems: Problem[],
  warnings: string[],
): Promise<string[]> {
  const stated = layouts.filter((l) => l.unit);
  const units = [...new Set(stated.map((l) => l.unit!.unit))];
  if (units.length > 1)
    problems.push({
      file: input.pointer,
      message: `the unit changes mid-file: ${stated.map((l) => `sheet '${l.sheet}' says '${l.unit!.text}' (${l.unit!.cell})`).join(', ')}`,
    });
  if (input.options.unit && units.length === 1) {
    const given = await unitsOf(ctx, [input.options.unit]);
    if (given.get(input.options.unit) !== units[0])
      problems.push({
        file: input.pointer,
        message: `unit=${input.options.unit} was given, but the units cell ${stated[0]!.unit!.cell} says '${stated[0]!.unit!.text}'`,
      });
  }
  const unitless = layouts.filter((l) => !l.unit && l.columns.some((c) => !c.unit));
  if (unitless.length && !input.options.unit && units.length === 0)
    warnings.push(
      `${input.pointer}: no units cell in ${unitless.map((l) => `'${l.sheet}'`).join(', ')}; assumed the catalogue unit of '${input.indicator}' (state it with #unit=...)`,
    );

  return units;
}

/** The cells, columns, rows and units of the layouts into temp tables (`xlsx_*_<tag>`) for the unpivot. */
async function loadLayouts(
  ctx: ReaderContext,
  workbook: Workbook,
  layouts: Layout[],
  units: string[],
): Promise<void> {
  const t = ctx.tag;
  await ctx.db.run(`
    CREATE OR REPLACE TEMP TABLE xlsx_cells_${t} (sheet VARCHAR, row INTEGER, col INTEGER, kind VARCHAR, num DOUBLE, text VARCHAR);
    CREATE OR REPLACE TEMP TABLE xlsx_cols_${t} (sheet VARCHAR, col INTEGER, period VARCHAR, status VARCHAR, unit VARCHAR, indicator VARCHAR);
    CREATE OR REPLACE TEMP TABLE xlsx_rows_${t} (sheet VARCHAR, row INTEGER, label VARCHAR, note VARCHAR);
    CREATE OR REPLACE TEMP TABLE xlsx_sheets_${t} (sheet VARCHAR, unit VARCHAR);`);
  const cellsOut = await ctx.db.connection.createAppender(`xlsx_cells_${t}`);
  const colsOut = await ctx.db.connection.createAppender(`xlsx_cols_${t}`);
  const rowsOut = await ctx.db.connection.createAppender(`xlsx_rows_${t}`);
  const sheetsOut = await ctx.db.connection.createAppender(`xlsx_sheets_${t}`);
  const nullable = (a: typeof colsOut, v: string | null) =>
    v === null ? a.appendNull() : a.appendVarchar(v);
  for (const l of layouts) {
    for (const [r, cells] of workbook.sheets.find((ws) => ws.name === l.sheet)!.grid)
      for (const [c, info] of cells) {
        cellsOut.appendVarchar(l.sheet);
        cellsOut.appendInteger(r);
        cellsOut.appendInteger(c);
        cellsOut.appendVarchar(info.kind);
        if (info.num === undefined) cellsOut.appendNull();
        else cellsOut.appendDouble(info.num);
        cellsOut.appendVarchar(info.text);
        cellsOut.endRow();
      }
    for (const c of l.columns) {
      colsOut.appendVarchar(l.sheet);
      colsOut.appendInteger(c.col);
      colsOut.appendVarchar(c.period);
      nullable(colsOut, c.status);
      nullable(colsOut, c.unit);
      nullable(colsOut, c.indicator ?? null);
      colsOut.endRow();
    }
    for (const r of l.rows) {
      rowsOut.appendVarchar(l.sheet);
      rowsOut.appendInteger(r.row);
      rowsOut.appendVarchar(r.label);
      nullable(rowsOut, r.note);
      rowsOut.endRow();
    }
    sheetsOut.appendVarchar(l.sheet);
    nullable(sheetsOut, l.unit?.unit ?? units[0] ?? null);
    sheetsOut.endRow();
  }
  cellsOut.closeSync();
  colsOut.closeSync();
  rowsOut.closeSync();
  sheetsOut.closeSync();
}
