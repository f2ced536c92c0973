import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lit } from '../core/duckdb.ts';
import type { Problem } from '../core/errors.ts';
import type { InputFile, ReaderContext } from './types.ts';

/**
 * Reading a CSV extract with DuckDB, strictly: the header is checked here,
 * every row that breaks the CSV structure (missing or extra columns, an
 * unterminated quote, bytes that are not UTF-8) is collected by DuckDB's
 * rejects table in the same pass, and a file in Windows-1251 (common for
 * Russian-language exports) is decoded and read again rather than refused.
 * A reader of an English-language source (WITS) falls back to Latin-1
 * instead, which DuckDB reads itself; a manifest may declare it
 * (`encoding: latin-1`), and then nothing is said about it.
 */
export type LegacyEncoding = 'windows-1251' | 'latin-1';

const HEADER_LIMIT = 1 << 20;

export interface CsvHeader {
  columns: string[];
  bom: boolean;
}

/** The first line, or a problem if there is none. */
export async function readCsvHeader(input: InputFile): Promise<CsvHeader | Problem> {
  const fh = await open(input.path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(HEADER_LIMIT, Math.max(size, 1)));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead === 0) return { file: input.pointer, message: 'the file is empty: expected a header line' };
    let bytes = buf.subarray(0, bytesRead);
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (bom) bytes = bytes.subarray(3);
    if (bytes[0] === 0xff || bytes[0] === 0xfe)
      return { file: input.pointer, where: 'row 1', message: 'the file is UTF-16: save it as UTF-8' };
    const nl = bytes.indexOf(0x0a);
    if (nl < 0 && bytesRead === HEADER_LIMIT)
      return {
        file: input.pointer,
        where: 'row 1',
        message: 'no line break in the first 1 MiB: not a CSV file',
      };
    const line = new TextDecoder('utf-8').decode(nl < 0 ? bytes : bytes.subarray(0, nl)).replace(/\r$/, '');
    if (line.trim() === '')
      return { file: input.pointer, where: 'row 1', message: 'the header line is empty' };
    return { columns: line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')), bom };
  } finally {
    await fh.close();
  }
}

export interface CsvScanResult {
  rows: number;
  problems: Problem[];
  warnings: string[];
  /** the view of the file's staged rows, when its structure is right */
  relation?: string;
}

/**
 * Checks a CSV's structure and makes it readable as staged rows, in one
 * pass over the file: its rows are copied, as text, to a Parquet file in
 * the scratch folder while DuckDB's rejects table collects every line that
 * breaks the CSV structure; if there is none, `view` becomes a view of that
 * copy through `selectSql(relation)` (which must produce the columns of
 * `staged`), where `relation` reads every column as VARCHAR plus `rn`, the
 * data row number (1 = the line after the header). The copy keeps the
 * file's order, so the row number is the copy's own row number, which
 * DuckDB reads for free; every later pass (labels, resolve) reads the copy,
 * not the CSV again.
 */
export async function scanCsv(
  input: InputFile,
  ctx: ReaderContext,
  columns: string[],
  selectSql: (relation: string) => string,
  opts: { filtered?: boolean; legacy?: LegacyEncoding } = {},
): Promise<CsvScanResult> {
  const warnings: string[] = [];
  let file = input.path;
  const declared = input.options.encoding?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'latin-1')
    return {
      rows: 0,
      problems: [{ file: input.pointer, message: `encoding '${declared}': expected utf-8 or latin-1` }],
      warnings,
    };
  let latin1 = declared === 'latin-1';
  for (let attempt = 0; attempt < 2; attempt++) {
    const rejects = `rejects_${ctx.tag}_${attempt}`;
    const read = (extra: string) => `read_csv(${lit(file)},
      header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true,
      ${latin1 ? "encoding = 'latin-1'," : ''}
      columns = {${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}${extra})`;
    // Every column is read by the copy, and so checked: DuckDB checks the UTF-8 of a field only when it is read.
    const copy = path.join(ctx.scratchDir, `${ctx.tag}_${attempt}.parquet`);
    const counted = Number(
      await ctx.db.value<bigint | number>(
        `COPY (SELECT * FROM ${read(`, store_rejects = true, rejects_table = ${lit(rejects)}, rejects_scan = ${lit(`${rejects}_scan`)}`)})
         TO ${lit(copy)} (FORMAT parquet, COMPRESSION snappy)`,
      ),
    );
    const rejected = await ctx.db.all<{
      line: number;
      error_type: string;
      messages: string;
      csv_line: string;
    }>(
      `SELECT line::INTEGER AS line, min(error_type) AS error_type, string_agg(DISTINCT error_message, '; ') AS messages,
              min(csv_line) AS csv_line
       FROM ${rejects} GROUP BY line ORDER BY line`,
    );
    await ctx.db.run(`DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS ${rejects}_scan;`);
    if (rejected.length === 0) {
      const view = `staged_${ctx.tag}`;
      await ctx.db.run(
        `CREATE OR REPLACE TEMP VIEW ${view} AS ${selectSql(
          `(SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS rn FROM read_parquet(${lit(copy)}, file_row_number = true))`,
        )}`,
      );
      const rows = opts.filtered
        ? await ctx.db.value<number>(`SELECT count(*)::INTEGER FROM ${view}`)
        : counted;
      const problems: Problem[] =
        rows === 0
          ? [{ file: input.pointer, where: 'row 2', message: 'the file has a header but no data rows' }]
          : [];
      return { rows, problems, warnings, relation: view };
    }
    await rm(copy, { force: true });

    const badEncoding = rejected.some((r) => r.error_type === 'INVALID ENCODING');
    if (badEncoding && attempt === 0 && opts.legacy === 'latin-1' && !declared) {
      // Latin-1 decodes any byte: the structure is checked again on the second pass.
      warnings.push(
        `${input.pointer}: not UTF-8; read as Latin-1 (ISO 8859-1). Save it as UTF-8, or declare encoding=latin-1, to silence this.`,
      );
      latin1 = true;
      continue;
    }
    if (badEncoding && attempt === 0 && opts.legacy !== 'latin-1') {
      const decoded = await decodeCp1251(input.path, ctx.scratchDir, ctx.tag);
      if (decoded) {
        warnings.push(
          `${input.pointer}: not UTF-8; read as Windows-1251 (Cyrillic). Save it as UTF-8 to silence this.`,
        );
        file = decoded;
        continue;
      }
      return {
        rows: 0,
        problems: [
          {
            file: input.pointer,
            where: `row ${rejected.find((r) => r.error_type === 'INVALID ENCODING')?.line}`,
            message: 'the file is not UTF-8 (nor recognisably Windows-1251): save it as UTF-8',
          },
        ],
        warnings,
      };
    }
    return {
      rows: 0,
      problems: rejected.map((r) => ({
        file: input.pointer,
        where: `row ${r.line}`,
        message: `${describeReject(r.error_type, r.messages, columns.length, r.csv_line)} in '${truncate(r.csv_line)}' (other checks of this file run once its structure is right)`,
      })),
      warnings,
    };
  }
  throw new Error('unreachable');
}

function describeReject(type: string, messages: string, expected: number, line: string): string {
  // An open quote swallows the delimiters after it, so it shows up as a wrong field count.
  if ((line.match(/"/g)?.length ?? 0) % 2 === 1) return 'a quoted value is not closed';
  switch (type) {
    case 'MISSING COLUMNS':
    case 'TOO MANY COLUMNS': {
      const found = messages.match(/Found: (\d+)/g)?.map((m) => Number(m.slice(7)));
      const n = found ? (type === 'MISSING COLUMNS' ? Math.min(...found) : Math.max(...found)) : undefined;
      return `expected ${expected} fields${n === undefined ? '' : `, found ${n}`} (a truncated line, or a value with an unquoted comma?)`;
    }
    case 'UNQUOTED VALUE':
      return 'a quoted value is not closed';
    case 'INVALID ENCODING':
      return 'bytes that are not UTF-8';
    default:
      return messages;
  }
}

function truncate(s: string): string {
  // Control bytes of a binary file would garble the terminal: show them as '?'.
  const one = [...s.replace(/\r?\n$/, '')]
    .map((ch) => (ch.charCodeAt(0) < 0x20 && ch !== '\t' ? '?' : ch))
    .join('');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

/** Windows-1251 decodes any byte, so the guess is accepted only if it yields Cyrillic text. */
async function decodeCp1251(file: string, scratchDir: string, tag: string): Promise<string | undefined> {
  const bytes = await readFile(file);
  const text = new TextDecoder('windows-1251').decode(bytes);
  const cyrillic = text.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  // Binary data decodes too; control characters other than tab and line breaks give it away.
  let controls = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) controls++;
  }
  if (cyrillic === 0 || controls > 0) return undefined;
  const out = path.join(scratchDir, `${tag}.utf8.csv`);
  await writeFile(out, text, 'utf8');
  return out;
}

/** The closest of `known` to `name`, for "did you mean" hints. */
export async function closest(
  ctx: ReaderContext,
  name: string,
  known: string[],
): Promise<string | undefined> {
  if (known.length === 0) return undefined;
  const row = await ctx.db.one<{ k: string; d: number }>(
    `SELECT k, levenshtein(lower(k), lower($name))::INTEGER AS d FROM (SELECT unnest([${known.map(lit).join(',')}]) AS k)
     ORDER BY d, k LIMIT 1`,
    { name },
  );
  return row && row.d <= Math.max(2, Math.floor(name.length / 3)) ? row.k : undefined;
}
