import { afterAll, describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';

/**
 * registry/oked_sections.csv, the names the report gives industries: each
 * Russian name is the BNS's own label for the section in the bundled GVA
 * file, every section that file has is named, and a Kazakh name says which
 * bulletin cell it was copied from (registry/oked_sections.source.json).
 */
const REGISTRY = lit(fromRoot('registry', 'oked_sections.csv'));
const GVA = lit(fromRoot('data', 'raw', 'bns_processed', 'gva_nominal_by_region_section.csv'));

describe('the OKED sections of the registry', async () => {
  const db = await Db.open();
  afterAll(() => db.close());
  const sections = `(SELECT * FROM read_csv(${REGISTRY}, header = true, all_varchar = true))`;
  const labels = `(SELECT DISTINCT item_code, item_name FROM read_csv(${GVA}, header = true, all_varchar = true)
                   WHERE length(item_code) = 1)`;

  it('holds A-T once each, every one with an English and a Russian name', async () => {
    const rows = await db.all<{ code: string; name_en: string | null; name_ru: string | null }>(
      `SELECT code, name_en, name_ru FROM ${sections} ORDER BY code`,
    );
    expect(rows.map((r) => r.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    for (const r of rows) {
      expect(r.name_en, r.code).toMatch(/^[A-Z][a-z]/);
      expect(r.name_ru, r.code).toMatch(/^[А-Я]/);
    }
  });

  it('gives each section the Russian name the bundled GVA file prints for it, and names every section it has', async () => {
    const differ = await db.all(
      `SELECT g.item_code, g.item_name, s.name_ru FROM ${labels} g FULL JOIN ${sections} s ON s.code = g.item_code
       WHERE g.item_name IS DISTINCT FROM s.name_ru`,
    );
    expect(differ).toEqual([]);
  });

  it('says which bulletin cell each Kazakh name comes from, and has none without one', async () => {
    const rows = await db.all<{ code: string; name_kk: string | null; name_kk_source: string | null }>(
      `SELECT code, name_kk, name_kk_source FROM ${sections} ORDER BY code`,
    );
    for (const r of rows) {
      expect(Boolean(r.name_kk), r.code).toBe(Boolean(r.name_kk_source));
      if (r.name_kk_source) expect(r.name_kk_source).toMatch(/^\S+_kk\.xls '\d+'!A\d+$/);
    }
    expect(
      rows
        .filter((r) => r.name_kk)
        .map((r) => r.code)
        .join(''),
    ).toBe('ABCDFGHJKLP');
  });
});
