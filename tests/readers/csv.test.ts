import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../helpers/cli.ts';
import { normaliseFiles } from '../helpers/normalise.ts';

describe('tidy CSV: the R&D organisations table of Kireeva (real file)', async () => {
  const { db } = await normaliseFiles([
    { path: bundled('reference', 'rd_organisations_2009_2013.csv'), reader: 'tidy-csv' },
  ]);
  afterAll(() => db.close());

  it('reads all 85 rows (16 regions and the Republic, 2009-2013)', async () => {
    expect(await db.value('SELECT count(*)::INTEGER FROM observations')).toBe(85);
    expect(await db.value(`SELECT count(DISTINCT region_kato)::INTEGER FROM observations`)).toBe(17);
  });

  it('resolves the English names the paper prints', async () => {
    const r = await db.all<{ region_label: string; region_kato: string }>(
      `SELECT DISTINCT region_label, region_kato FROM observations WHERE region_label IN ('Jambyl Region', 'city of Astana', 'South Kazakhstan Region') ORDER BY 1`,
    );
    expect(r).toEqual([
      { region_label: 'Jambyl Region', region_kato: '310000000' },
      { region_label: 'South Kazakhstan Region', region_kato: '510000000' },
      { region_label: 'city of Astana', region_kato: '710000000' },
    ]);
  });

  it('points every row at its line and keeps the source column as a note', async () => {
    const r = await db.one<{ source: string; note: string }>(
      `SELECT source, note FROM observations WHERE region_kato = '110000000' AND period = '2013'`,
    );
    expect(r?.source).toBe('rd_organisations_2009_2013.csv#row 11');
    expect(r?.note).toMatch(
      /^source: Kireeva, Differentiated organizational and economic mechanisms of industrial-innovation development of the regions of Kazakhstan \(c\. 2015\), table 1/,
    );
  });
});

describe('SDG platform CSV (real files): area codes, units, the national row', async () => {
  const { db } = await normaliseFiles([
    { path: bundled('sdg', 'indicator_9-5-1.csv'), reader: 'sdg-csv' },
    { path: bundled('sdg', 'indicator_9-5-2.csv'), reader: 'sdg-csv' },
    { path: bundled('sdg', 'indicator_9-2-1.csv'), reader: 'sdg-csv' },
  ]);
  afterAll(() => db.close());
  const one = (indicator: string, kato: string, period: string) =>
    db.one<{ value: number; unit: string; boundary_vintage: string }>(
      'SELECT value, unit, boundary_vintage FROM observations WHERE indicator = $indicator AND region_kato = $kato AND period = $period',
      { indicator, kato, period },
    );

  it('maps series to catalogue indicators by SDG code and unit measure', async () => {
    const ids = await db.all<{ indicator: string; unit: string; n: number }>(
      'SELECT indicator, unit, count(*)::INTEGER AS n FROM observations GROUP BY ALL ORDER BY 1',
    );
    expect(ids.map((i) => [i.indicator, i.unit])).toEqual([
      ['manufacturing_va_pct_grp', 'percent'],
      ['manufacturing_va_per_capita', 'USD, 2010 prices'],
      ['rd_expenditure_pct_grp', 'percent'],
      ['researchers_per_million', 'persons per million inhabitants'],
    ]);
  });

  it('reads an empty REF_AREA as the Republic', async () => {
    expect(await one('rd_expenditure_pct_grp', '000000000', '2010')).toMatchObject({ value: 0.15 });
  });

  it('reads KZONT as South Kazakhstan (to 2017) and KZYUZ as Turkestan (from 2018)', async () => {
    expect(await one('researchers_per_million', '510000000', '2017')).toMatchObject({
      boundary_vintage: '1997',
    });
    expect(await one('researchers_per_million', '610000000', '2018')).toMatchObject({
      boundary_vintage: '2018',
    });
    expect(await one('researchers_per_million', '510000000', '2018')).toBeUndefined();
  });
});

describe('SDG platform translations agree with the registry', async () => {
  const { readFile } = await import('node:fs/promises');
  const { fromRoot } = await import('../../src/core/paths.ts');
  const { db } = await normaliseFiles([{ path: bundled('sdg', 'indicator_9-5-1.csv'), reader: 'sdg-csv' }]);
  afterAll(() => db.close());

  it('every region code of the platform resolves to the region its English name says', async () => {
    const yml = await readFile(fromRoot('registry', 'sdg', 'REF_AREA.en.yml'), 'utf8');
    const names = Object.fromEntries(
      yml
        .split('\n')
        .map((l) => l.match(/^(KZ[A-Z]+): (.+)$/))
        .filter((m): m is RegExpMatchArray => m !== null)
        .map((m) => [m[1]!, m[2]!.trim()]),
    );
    const codes = await db.all<{ alias: string; name_en: string }>(
      `SELECT a.alias, r.name_en FROM region_aliases a JOIN regions r USING (kato) WHERE a.kind = 'sdg' ORDER BY 1`,
    );
    expect(codes.length).toBe(21);
    for (const c of codes) {
      const platform = names[c.alias]!.replace(/ city$/, '')
        .replace(/^Ontustik/, 'South')
        .replace(/^Soltustik/, 'North');
      const simple = (s: string) =>
        s
          .toLowerCase()
          .replace(/^city of /, '')
          .replace(/ region$/, '')
          .replace('batys', 'west')
          .replace('shygys', 'east')
          .replace('turkistan', 'turkestan')
          .replace('karagandy', 'karaganda')
          .replace('mangistau', 'mangystau');
      expect(simple(c.name_en), `${c.alias} = ${names[c.alias]}`).toBe(simple(platform));
    }
  });
});
