import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Reader, ReaderKind } from './types.ts';

/**
 * The readers by kind, loaded on first use (exceljs alone takes half a
 * second to load, which a cached run should not pay). `bns-xlsx` reads BNS
 * workbooks in either format, .xlsx or the legacy binary .xls.
 */
const loaders: Partial<Record<ReaderKind, () => Promise<Reader>>> = {
  'tidy-csv': async () => (await import('./tidy-csv.ts')).readTidyCsv,
  'sdg-csv': async () => (await import('./sdg-csv.ts')).readSdgCsv,
  'bns-xlsx': async () => (await import('./bns-xlsx.ts')).readBnsXlsx,
  'processed-csv': async () => (await import('./processed-csv.ts')).readProcessedCsv,
  'taldau-json': async () => (await import('./taldau-json.ts')).readTaldauJson,
  'wits-csv': async () => (await import('./wits-csv.ts')).readWitsCsv,
  'atlas-csv': async () => (await import('./atlas-csv.ts')).readAtlasCsv,
};

export async function readerFor(kind: ReaderKind): Promise<Reader | undefined> {
  return loaders[kind]?.();
}

export function registerReader(kind: ReaderKind, load: () => Promise<Reader>): void {
  loaders[kind] = load;
}

/** Which reader a file needs, from its extension and, for CSV, its header line. */
export async function detectReader(file: string): Promise<ReaderKind | undefined> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') return 'bns-xlsx';
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
    if (['Nomenclature', 'ReporterISO3', 'ProductCode'].every((c) => cols.includes(c))) return 'wits-csv';
    if (cols.includes('product_hs92_code')) return 'atlas-csv';
    if (['date', 'region', 'item_code', 'value'].every((c) => cols.includes(c))) return 'processed-csv';
    if (cols.join(',') === 'date,value,transformation') return 'processed-csv';
    return 'tidy-csv';
  } finally {
    await fh.close();
  }
}
