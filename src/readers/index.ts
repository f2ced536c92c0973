import { open } from 'node:fs/promises';
import path from 'node:path';
import { readBnsXlsx } from './bns-xlsx.ts';
import { readProcessedCsv } from './processed-csv.ts';
import { readSdgCsv } from './sdg-csv.ts';
import { readTaldauJson } from './taldau-json.ts';
import { readTidyCsv } from './tidy-csv.ts';
import type { Reader, ReaderKind } from './types.ts';

export const readers: Partial<Record<ReaderKind, Reader>> = {
  'tidy-csv': readTidyCsv,
  'sdg-csv': readSdgCsv,
  'bns-xlsx': readBnsXlsx,
  'processed-csv': readProcessedCsv,
  'taldau-json': readTaldauJson,
};

export function registerReader(kind: ReaderKind, reader: Reader): void {
  readers[kind] = reader;
}

/** Which reader a file needs, from its extension and, for CSV, its header line. */
export async function detectReader(file: string): Promise<ReaderKind | undefined> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'bns-xlsx';
  if (ext === '.json') return 'taldau-json';
  if (ext !== '.csv' && ext !== '.txt') return undefined;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const first =
      buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0] ?? '';
    const cols = first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cols.includes('REF_AREA')) return 'sdg-csv';
    if (['date', 'region', 'item_code', 'value'].every((c) => cols.includes(c))) return 'processed-csv';
    return 'tidy-csv';
  } finally {
    await fh.close();
  }
}
