import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lit } from '../../src/core/duckdb.ts';

import { query } from '../helpers/duckdb.ts';

export { query };

export async function observations<T extends Record<string, unknown>>(
  out: string,
  columns: string,
  where = 'true',
): Promise<T[]> {
  const file = path.join(out, 'observations', 'latest', 'observations', '*.parquet');
  return query<T>(`SELECT ${columns} FROM read_parquet(${lit(file)}) WHERE ${where} ORDER BY ALL`);
}

/**
 * A stored Taldau answer written by hand: `nodes` as the tree answer and the
 * request beside it (the fields the verbatim fixture's request file has).
 */
export async function storedAnswer(
  dir: string,
  name: string,
  nodes: unknown,
  opts: { periodId?: string; index?: string } = {},
): Promise<string> {
  const response = path.join(dir, `${name}_response.json`);
  await writeFile(response, typeof nodes === 'string' ? nodes : JSON.stringify(nodes));
  await writeFile(
    path.join(dir, `${name}_request.json`),
    JSON.stringify({
      downloaded_at: '2026-11-01T10:00:00',
      source_url: 'https://taldau.stat.gov.kz/ru/NewIndex/GetIndexTreeData',
      index_id: opts.index ?? '1',
      request_body: {
        p_parent_id: '741880',
        p_index_id: opts.index ?? '1',
        p_period_id: opts.periodId ?? '7',
      },
    }),
  );
  return response;
}

export async function readJsonFile<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}
