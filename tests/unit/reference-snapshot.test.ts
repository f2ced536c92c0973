import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/core/duckdb.ts';
import { loadReferenceTables } from '../../src/normalise/reference.ts';
import { ReferenceSnapshot } from '../../src/normalise/reference-snapshot.ts';
import { tempDir } from '../helpers/cli.ts';

/** Every reference table and variable of a DuckDB, as text, to compare two of them. */
async function contents(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { name } of await db.all<{ name: string }>(
    'SELECT table_name AS name FROM duckdb_tables() ORDER BY name',
  )) {
    const cols = await db.all<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${name}' ORDER BY column_index`,
    );
    const rows = await db.all<{ r: string }>(`SELECT t::VARCHAR AS r FROM "${name}" t ORDER BY r`);
    out[name] = JSON.stringify([cols, rows.map((r) => r.r)]);
  }
  for (const { name, value } of await db.all<{ name: string; value: string }>(
    'SELECT name, value::VARCHAR AS value FROM duckdb_variables() ORDER BY name',
  ))
    out[`variable ${name}`] = value;
  out.fold_label = String(await db.value("SELECT fold_label('  Алматы  ')"));
  return out;
}

describe('the reference tables of a run', () => {
  it('a later DuckDB gets from the snapshot what loading the files gives, and a changed catalogue is loaded again', async () => {
    const dir = await tempDir();
    const catalog = path.join(dir, 'extra.csv');
    await writeFile(
      catalog,
      'id,unit,additive,min,max,description,sdg,taldau_index,breakdowns\nsynthetic_x,persons,true,0,,SYNTHETIC test indicator,,,\n',
    );
    const snapshot = new ReferenceSnapshot(path.join(dir, 'reference'));
    const fromFiles = await Db.open();
    await loadReferenceTables(fromFiles, [catalog]);
    const expected = await contents(fromFiles);
    fromFiles.close();

    for (const from of ['files', 'snapshot', 'snapshot']) {
      const db = await Db.open();
      expect(await snapshot.load(db, [catalog])).toBe(from);
      expect(await contents(db)).toEqual(expected);
      db.close();
    }
    expect(existsSync(path.join(dir, 'reference'))).toBe(true);

    await writeFile(
      catalog,
      'id,unit,additive,min,max,description,sdg,taldau_index,breakdowns\nsynthetic_y,persons,true,0,,SYNTHETIC test indicator,,,\n',
    );
    const changed = await Db.open();
    expect(await snapshot.load(changed, [catalog])).toBe('files');
    expect(await changed.value("SELECT count(*)::INTEGER FROM indicators WHERE id = 'synthetic_y'")).toBe(1);
    expect(await changed.value("SELECT count(*)::INTEGER FROM indicators WHERE id = 'synthetic_x'")).toBe(0);
    changed.close();

    // a snapshot gone (the temp folder cleared) is made again from the files
    await snapshot.remove();
    const again = await Db.open();
    expect(await snapshot.load(again, [catalog])).toBe('files');
    again.close();
    await snapshot.remove();
    expect(existsSync(path.join(dir, 'reference'))).toBe(false);
  });

  it('a run removes the snapshots that runs which did not end left in the temp folder, and nothing else', async () => {
    const tmp = await tempDir();
    await mkdir(path.join(tmp, 'reference-20261207T000000Z-dead', 'abc'), { recursive: true });
    await writeFile(path.join(tmp, 'duckdb_temp_storage-0.tmp'), 'spilled');
    await ReferenceSnapshot.removeLeftovers(tmp, 'reference-');
    expect(await readdir(tmp)).toEqual(['duckdb_temp_storage-0.tmp']);
    // a file where the temp folder belongs holds no snapshot, and removing none is no error
    await ReferenceSnapshot.removeLeftovers(path.join(tmp, 'duckdb_temp_storage-0.tmp'), 'reference-');
    await new ReferenceSnapshot(path.join(tmp, 'duckdb_temp_storage-0.tmp', 'reference-x')).remove();
  });
});
