import path from 'node:path';
import { Db } from '../../src/core/duckdb.ts';
import { KzError } from '../../src/core/errors.ts';
import { sha256File } from '../../src/core/hash.ts';
import { normalise } from '../../src/normalise/normalise.ts';
import { loadReferenceTables } from '../../src/normalise/reference.ts';
import type { BulletinLayout } from '../../src/readers/bns-layout.ts';
import type { InputFile, ReaderKind } from '../../src/readers/types.ts';
import { tempDir } from './cli.ts';

/** Normalises files in a fresh DuckDB and hands it back for queries (the caller closes it). */
export async function normaliseFiles(
  files: {
    path: string;
    reader: ReaderKind;
    indicator?: string;
    options?: Record<string, string>;
    vintage?: string;
    layout?: BulletinLayout;
  }[],
): Promise<{ db: Db; warnings: string[] }> {
  const db = await Db.open();
  await loadReferenceTables(db);
  const inputs: InputFile[] = [];
  for (const f of files)
    inputs.push({
      path: f.path,
      pointer: path.basename(f.path),
      reader: f.reader,
      indicator: f.indicator,
      options: f.options ?? {},
      layout: f.layout,
      vintage: f.vintage,
      sha256: await sha256File(f.path),
      bytes: 0,
    });
  try {
    const r = await normalise(db, inputs, await tempDir());
    return { db, warnings: r.warnings };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The error a normalisation fails with (the test fails if it succeeds). */
export async function normaliseError(files: Parameters<typeof normaliseFiles>[0]): Promise<KzError> {
  try {
    const { db } = await normaliseFiles(files);
    db.close();
  } catch (e) {
    if (e instanceof KzError) return e;
    throw e;
  }
  throw new Error('normalisation succeeded but was expected to fail');
}
