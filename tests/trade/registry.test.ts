import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTradeRegistry, registryFiles } from '../../pipelines/trade/registry.ts';
import { Db } from '../../src/core/duckdb.ts';
import { fromRoot } from '../../src/core/paths.ts';
import { loadReferenceTables } from '../../src/normalise/reference.ts';
import { tempDir } from '../helpers/cli.ts';

/** A copy of the registry folder with `edit` applied to one file. */
async function registryWith(file: string, edit: (text: string) => string): Promise<string> {
  const root = await tempDir('kzstat-registry-');
  await cp(fromRoot('registry'), path.join(root, 'registry'), { recursive: true });
  const target = path.join(root, file);
  await writeFile(target, edit(await readFile(target, 'utf8')));
  return root;
}

async function load(root?: string) {
  const db = await Db.open();
  try {
    await loadReferenceTables(db);
    await loadTradeRegistry({ db }, root);
    return await db.all<{ bloc: string; n: number }>(
      'SELECT bloc, count(*)::INTEGER AS n FROM bloc_members_raw GROUP BY bloc ORDER BY bloc',
    );
  } finally {
    db.close();
  }
}

describe('the trade registry (blocs, membership dates, HS processing)', () => {
  it('the bundled files are valid', async () => {
    expect(await load()).toEqual([
      { bloc: 'central_asia', n: 4 },
      { bloc: 'china', n: 1 },
      { bloc: 'cis', n: 12 },
      { bloc: 'customs_union', n: 3 },
      { bloc: 'eaeu', n: 5 },
      { bloc: 'eu', n: 28 },
      { bloc: 'sco', n: 10 },
    ]);
  });

  it('a mistyped member, a bad date and overlapping spells are refused with file, row and field', async () => {
    const root = await registryWith(registryFiles.blocs, (t) =>
      t
        .replace('eaeu,ARM,2015-01-02', 'eaeu,ARN,2015-01-02')
        .replace('sco,IRN,2023-07-04', 'sco,IRN,2023-13-04')
        .concat('eu,GBR,2019-01-01,,synthetic overlapping spell\n'),
    );
    const error = await load(root).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /registry\/blocs\.csv row 5 field member: 'ARN' is not an ISO 3166-1 alpha-3 code/,
    );
    expect(error?.message).toMatch(/registry\/blocs\.csv row 30 field from: not a calendar date/);
    expect(error?.message).toMatch(
      /registry\/blocs\.csv row 65: GBR in eu overlaps row 40 \(1973-01-01 to 2020-01-31\)/,
    );
  });

  it('a processing degree other than raw or processed is refused', async () => {
    const root = await registryWith(registryFiles.processing, (t) => t.replace('01,raw,', '01,semi,'));
    await expect(load(root)).rejects.toThrow(/hs_processing\.csv row 2 field degree/);
  });
});
