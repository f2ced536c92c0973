import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Db, lit } from '../src/core/duckdb.ts';

/**
 * The inputs of measurement (g) in bench/scale.ts: the big synthetic CSV cut
 * into `parts` tidy CSVs by indicator (so no figure is in two files; each file
 * a block of consecutive indicators, as a source's file holds its own), each
 * field written back as the text it was, and one of them changed by one value.
 */
export async function splitByIndicator(csv: string, dir: string, parts: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = Array.from({ length: parts }, (_, k) =>
    path.join(dir, `part-${String(k).padStart(2, '0')}.csv`),
  );
  const db = await Db.open();
  try {
    const read = `read_csv(${lit(csv)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
    const indicators = (
      await db.all<{ indicator: string }>(`SELECT DISTINCT indicator FROM ${read} ORDER BY indicator`)
    ).map((r) => r.indicator);
    for (const [k, file] of files.entries()) {
      // contiguous blocks, as files of different sources hold different indicators
      const mine = indicators.filter((_, i) => Math.floor((i * parts) / indicators.length) === k);
      await db.run(
        `COPY (SELECT * FROM ${read} WHERE indicator IN (${mine.map(lit).join(', ')})) TO ${lit(file)} (HEADER, DELIMITER ',')`,
      );
    }
  } finally {
    db.close();
  }
  return files;
}

/** The value of the file's first data row, made `variant` hundredths larger than `original`. */
export async function changeFirstValue(file: string, original: string, variant: number): Promise<void> {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('\n') + 1;
  const end = text.indexOf('\n', start);
  const fields = text.slice(start, end).split(',');
  fields[3] = (Number(original) + variant / 100).toFixed(2);
  await writeFile(file, `${text.slice(0, start)}${fields.join(',')}${text.slice(end)}`);
}

/** The value of the file's first data row, as written. */
export async function firstValue(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('\n') + 1;
  return text.slice(start, text.indexOf('\n', start)).split(',')[3]!;
}
