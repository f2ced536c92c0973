import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { Db, ident, lit } from '../../src/core/duckdb.ts';
import { loadPipelines } from '../../src/engine/pipelines.ts';
import { tableSchemaV2 } from '../fixtures/table-schema-v2.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

/**
 * Every published descriptor keeps the rules of Table Schema v2 (written as a
 * JSON Schema in tests/fixtures/table-schema-v2.ts: the official profile is not
 * copied into the project), its key fields point at fields and are required, and
 * no published primary key holds a NULL: Table Schema v2 requires key fields,
 * and a join on NULL matches nothing. The datasets are the ones
 * `kzstat run --offline` publishes from the bundled data.
 */

interface Resource {
  name: string;
  path: string | string[];
  format?: string;
  schema: { fields: { name: string; constraints?: { required?: boolean } }[]; primaryKey?: string[] };
}

function validator() {
  return new Ajv({ allErrors: true }).compile(tableSchemaV2);
}

describe('Table Schema v2 and non-null keys', () => {
  let out: string;
  const datasets = ['observations', 'innovation', 'structure', 'trade'];

  beforeAll(async () => {
    out = await tempDir('kzstat-tableschema-');
    const r = await runCli(['run', '--offline', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);

  it('the rules refuse what Table Schema v2 forbids (so passing them means something)', () => {
    const validate = validator();
    expect(validate({ fields: [{ name: 'x', type: 'decimal' }] })).toBe(false);
    expect(validate({ fields: [] })).toBe(false);
    expect(validate({ fields: [{ name: 'x', type: 'integer', constraints: { required: 'yes' } }] })).toBe(
      false,
    );
    expect(validate({ fields: [{ name: 'x', type: 'integer' }], primaryKey: 'x' })).toBe(false);
    expect(validate({ fields: [{ name: 'x', type: 'integer' }], primaryKey: ['x'] })).toBe(true);
  });

  it('every table a pipeline declares has required key columns', async () => {
    const loose: string[] = [];
    for (const { pipeline } of await loadPipelines())
      for (const t of pipeline.tables)
        for (const k of t.primaryKey)
          if (!t.columns.find((c) => c.name === k)?.required)
            loose.push(`${pipeline.dataset}.${t.name}.${k}`);
    expect(loose).toEqual([]);
  });

  it('every published table schema keeps the v2 rules, its key fields present and required', async () => {
    const validate = validator();
    for (const dataset of datasets) {
      const pkg = JSON.parse(await readFile(path.join(out, dataset, 'latest', 'datapackage.json'), 'utf8'));
      expect(pkg.resources.length, dataset).toBeGreaterThan(0);
      for (const r of pkg.resources as Resource[]) {
        const ok = validate(r.schema);
        expect(ok ? [] : validate.errors, `${dataset}.${r.name}`).toEqual([]);
        for (const k of r.schema.primaryKey ?? [])
          expect(
            r.schema.fields.map((f) => f.name),
            `${dataset}.${r.name} key ${k}`,
          ).toContain(k);
        for (const k of r.schema.primaryKey ?? [])
          expect(
            r.schema.fields.find((f) => f.name === k)?.constraints?.required,
            `${dataset}.${r.name} key ${k}`,
          ).toBe(true);
      }
    }
  });

  it('no published key column holds a NULL, and the breakdowns use _T and _Z', async () => {
    const db = await Db.open();
    try {
      for (const dataset of datasets) {
        const pkg = JSON.parse(await readFile(path.join(out, dataset, 'latest', 'datapackage.json'), 'utf8'));
        for (const r of (pkg.resources as Resource[]).filter((x) => x.format === 'parquet')) {
          const key = r.schema.primaryKey ?? [];
          if (!key.length) continue;
          const files = (Array.isArray(r.path) ? r.path : [r.path]).map((p) =>
            lit(path.join(out, dataset, 'latest', p)),
          );
          const nulls = await db.value<number>(
            `SELECT count(*)::INTEGER FROM read_parquet([${files.join(', ')}]) WHERE ${key.map((k) => `${ident(k)} IS NULL`).join(' OR ')}`,
          );
          expect(nulls, `${dataset}.${r.name}`).toBe(0);
        }
      }
      const obs = path.join(out, 'observations', 'latest', 'observations', '*.parquet');
      // gross value added is by industry; population has no breakdown; exports are by partner (no total row bundled)
      expect(
        await db.all(
          `SELECT indicator, industry, partner, product, flow FROM read_parquet(${lit(obs)})
           WHERE (indicator = 'gva' AND region_kato = '110000000' AND period = '2022' AND industry = 'A')
              OR (indicator = 'population' AND region_kato = '110000000' AND period = '2022')
              OR (indicator = 'exports' AND period = '2022' AND partner = 'RUS')
           ORDER BY indicator`,
        ),
      ).toEqual([
        { indicator: 'exports', industry: '_Z', partner: 'RUS', product: '_T', flow: '_Z' },
        { indicator: 'gva', industry: 'A', partner: '_Z', product: '_Z', flow: '_Z' },
        { indicator: 'population', industry: '_Z', partner: '_Z', product: '_Z', flow: '_Z' },
      ]);
    } finally {
      db.close();
    }
  });

  it('LATEST in every dataset folder, naming the version latest points at', async () => {
    for (const dataset of datasets) {
      const names = await readdir(path.join(out, dataset));
      expect(names, dataset).toContain('LATEST');
      const latest = JSON.parse(
        await readFile(path.join(out, dataset, 'latest', 'datapackage.json'), 'utf8'),
      );
      expect((await readFile(path.join(out, dataset, 'LATEST'), 'utf8')).trim(), dataset).toBe(
        latest.version,
      );
    }
  });
});
