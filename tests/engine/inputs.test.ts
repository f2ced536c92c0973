import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db, lit } from '../../src/core/duckdb.ts';
import { runSummary } from '../../src/engine/run-summary.ts';
import { bundled, runCli, tempDir } from '../helpers/cli.ts';

async function published(out: string, where = 'true') {
  const db = await Db.open();
  try {
    return await db.all<{
      indicator: string;
      region_kato: string;
      period: string;
      value: number;
      source: string;
    }>(
      `SELECT indicator, region_kato, period, value, source FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))}) WHERE ${where} ORDER BY ALL`,
    );
  } finally {
    db.close();
  }
}

describe('--raw <empty> --input FILE publishes exactly that file', () => {
  it('a tidy CSV', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      bundled('reference', 'rd_organisations_2009_2013.csv'),
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(runSummary.parse(JSON.parse(r.stdout)).published).toHaveLength(1);
    const rows = await published(out);
    expect(rows).toHaveLength(85);
    expect(new Set(rows.map((x) => x.indicator))).toEqual(new Set(['rd_organisations']));
  });

  it('a BNS workbook with INDICATOR= before the path, and a sheet chosen with #sheet=', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      `population=${bundled('bns', 'population_by_region_2000_2023.xlsx')}#sheet=Все население&unit=persons`,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await published(out);
    expect(new Set(rows.map((x) => x.indicator))).toEqual(new Set(['population']));
    expect(rows.find((x) => x.region_kato === '000000000' && x.period === '2022')?.value).toBe(19503159);
  });

  it('a whole workbook whose sheets repeat the keys is refused, naming both cells and the sections', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      `population=${bundled('bns', 'population_by_region_2000_2023.xlsx')}`,
      '--out',
      out,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /population_by_region_2000_2023\.xlsx '(Мужчины|Женщины)'!B\d+: duplicate of 'Все население'!B\d+.*choose one with #sheet=NAME/,
    );
  });

  it('an SDG platform CSV', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      bundled('sdg', 'indicator_9-5-2.csv'),
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await published(out);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((x) => x.indicator))).toEqual(new Set(['researchers_per_million']));
  });

  it('a BNS monthly series of one product, with #product=', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      `exports=${bundled('trade_products', 'bns_totals', 'crude_oil_exports_value_monthly_thousand_usd.csv')}#product=2709&unit=thousand USD`,
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const db = await Db.open();
    try {
      const products = await db.all<{ product: string; n: number }>(
        `SELECT product, count(*)::INTEGER AS n FROM read_parquet(${lit(path.join(out, 'observations', 'latest', 'observations', '*.parquet'))}) GROUP BY ALL`,
      );
      expect(products).toHaveLength(1);
      expect(products[0]?.product).toBe('2709');
      expect(products[0]?.n).toBeGreaterThan(100);
    } finally {
      db.close();
    }
  });

  it('an option no reader reads is refused with exit 2, naming it and the known ones', async () => {
    const [empty, out] = [await tempDir(), await tempDir()];
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      `exports=${bundled('trade_products', 'bns_totals', 'crude_oil_exports_value_monthly_thousand_usd.csv')}#produkt=2709`,
      '--out',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option 'produkt' \(known: [^)]*\bproduct\b/);
  });

  it('a CSV in Windows-1251 is decoded, with a warning', async () => {
    const [empty, out, dir] = [await tempDir(), await tempDir(), await tempDir()];
    const text =
      'indicator,region,period,value,unit\nrd_organisations,Акмолинская область,2013,12,count\nrd_organisations,Қарағанды облысы,2013,31,count\n';
    // Windows-1251 has no Kazakh letters: the second row is written the Russian way, as such files do.
    const cp1251 = new TextEncoderCp1251().encode(text.replace('Қарағанды облысы', 'Карагандинская область'));
    await writeFile(path.join(dir, 'cp1251.csv'), cp1251);
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      path.join(dir, 'cp1251.csv'),
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      runSummary
        .parse(JSON.parse(r.stdout))
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toMatch(/cp1251\.csv: not UTF-8; read as Windows-1251/);
    expect((await published(out)).map((x) => [x.region_kato, x.value])).toEqual([
      ['110000000', 12],
      ['350000000', 31],
    ]);
  });

  it('every problem of a file is reported in one pass, up to 50 per file', async () => {
    const [empty, out, dir] = [await tempDir(), await tempDir(), await tempDir()];
    const rows = Array.from(
      { length: 60 },
      (_, i) => `rd_organisations,Nowhere ${i},${2000 + (i % 20)},1,count`,
    );
    await writeFile(
      path.join(dir, 'many.csv'),
      `indicator,region,period,value,unit\n${rows.join('\n')}\nrd_organisations,Akmola Region,2013,x1,count\n`,
    );
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      path.join(dir, 'many.csv'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/61 problems in 1 input file/);
    expect(r.stderr.match(/many\.csv row \d+: unknown region/g)).toHaveLength(50);
    expect(r.stderr).toMatch(/many\.csv: … and 11 more problems/);
  });

  it('--catalog adds indicators of the same format', async () => {
    const [empty, out, dir] = [await tempDir(), await tempDir(), await tempDir()];
    await writeFile(
      path.join(dir, 'catalog.csv'),
      'id,unit,additive,min,max,description,sdg,taldau_index\npatents_granted,count,true,0,,patents granted to residents,,\n',
    );
    await writeFile(
      path.join(dir, 'patents.csv'),
      'indicator,region,period,value,unit\npatents_granted,Almaty city,2022,140,count\n',
    );
    const without = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      path.join(dir, 'patents.csv'),
      '--out',
      out,
    ]);
    expect(without.code).toBe(3);
    expect(without.stderr).toMatch(/patents\.csv row 2: unknown indicator 'patents_granted'/);
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      path.join(dir, 'patents.csv'),
      '--catalog',
      path.join(dir, 'catalog.csv'),
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await published(out)).toEqual([
      {
        indicator: 'patents_granted',
        region_kato: '750000000',
        period: '2022',
        value: 140,
        source: expect.stringMatching(/patents\.csv#row 2$/),
      },
    ]);
  });

  it('a catalogue that redefines a bundled indicator is refused', async () => {
    const [empty, out, dir] = [await tempDir(), await tempDir(), await tempDir()];
    await writeFile(
      path.join(dir, 'catalog.csv'),
      'id,unit,additive,min,max,description,sdg,taldau_index\ngrp,count,true,0,,oops,,\n',
    );
    const r = await runCli([
      'run',
      'observations',
      '--raw',
      empty,
      '--input',
      bundled('reference', 'rd_organisations_2009_2013.csv'),
      '--catalog',
      path.join(dir, 'catalog.csv'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /catalog\.csv row 2 field id: indicator 'grp' is already defined in catalog\/indicators\.csv row \d+/,
    );
  });
});

/** Windows-1251 for the Russian alphabet, enough to write a test file the way Russian-language exports are. */
class TextEncoderCp1251 {
  encode(text: string): Uint8Array {
    const bytes: number[] = [];
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) bytes.push(c);
      else if (c >= 0x410 && c <= 0x44f) bytes.push(c - 0x410 + 0xc0);
      else if (c === 0x401) bytes.push(0xa8);
      else if (c === 0x451) bytes.push(0xb8);
      else throw new Error(`no Windows-1251 byte for ${ch}`);
    }
    return Uint8Array.from(bytes);
  }
}
