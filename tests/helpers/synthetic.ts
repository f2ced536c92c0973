import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Db, ident, lit } from '../../src/core/duckdb.ts';
import { hashJson } from '../../src/core/hash.ts';
import type { TableSpec } from '../../src/core/pipeline.ts';
import type { ColumnSpec } from '../../src/core/table.ts';
import { duckdbType } from '../../src/publish/contract.ts';
import { publishDataset } from '../../src/publish/publish.ts';

/**
 * SYNTHETIC datasets for tests of the readers of published data (the report,
 * diff, downstream readers): small made-up tables with the published
 * tables' columns, published through the engine's own publishDataset so the layout
 * (Parquet, Arrow IPC, datapackage.json, latest) is the real one. The values
 * are invented round numbers, not statistics; every dataset says so in its
 * title, description and sources, and the report shows that label.
 */
export const SYNTHETIC_LABEL = 'SYNTHETIC test data (tests/helpers/synthetic.ts), not statistics';

const c = (name: string, type: ColumnSpec['type'], required = false, unit?: string): ColumnSpec => ({
  name,
  type,
  required,
  description: `${name} (synthetic)`,
  ...(unit ? { unit } : {}),
});

export interface SyntheticTable {
  spec: TableSpec;
  /** a SELECT of the rows (inline VALUES) */
  rows: string;
}

export const syntheticTables: Record<string, SyntheticTable[]> = {
  innovation: [
    {
      spec: {
        name: 'innovation_rating',
        title: 'Innovation rating (synthetic)',
        description: SYNTHETIC_LABEL,
        primaryKey: ['region_kato', 'year'],
        columns: [
          c('region_kato', 'string', true),
          c('year', 'int32', true),
          c('score', 'double'),
          c('assessment', 'string'),
          c('class', 'string'),
          c('rank', 'int32'),
          c('partial', 'bool', true),
          c('missing_group', 'string'),
        ],
      },
      // 2012 and 2014 partial (no activity group), 2013 whole: the chart shows 2013, the newest whole year
      rows: `SELECT *, year <> 2013 AS partial, CASE WHEN year <> 2013 THEN 'activity' END AS missing_group FROM (VALUES
        ('750000000', 2012, 80.0, 'high', 'A', 1), ('710000000', 2012, 60.0, 'above medium', 'B', 2),
        ('350000000', 2012, 40.0, 'medium', 'B', 3), ('630000000', 2012, 20.0, 'low', 'C', 4),
        ('110000000', 2012, 10.0, 'very low', 'D', 5),
        ('750000000', 2013, 90.0, 'high', 'A', 1), ('710000000', 2013, 70.0, 'above medium', 'B', 2),
        ('350000000', 2013, 50.0, 'medium', 'B', 3), ('630000000', 2013, 30.0, 'low', 'C', 4),
        ('110000000', 2013, 15.0, 'very low', 'D', 5), ('430000000', 2013, NULL, NULL, NULL, NULL),
        ('750000000', 2014, 85.0, 'high', 'A', 1), ('710000000', 2014, 65.0, 'above medium', 'B', 2)
      ) t(region_kato, year, score, assessment, class, rank)`,
    },
    {
      spec: {
        name: 'rating_uncertainty',
        title: 'Rank intervals (synthetic)',
        description: SYNTHETIC_LABEL,
        primaryKey: ['region_kato', 'year'],
        columns: [
          c('region_kato', 'string', true),
          c('year', 'int32', true),
          c('nominal_rank', 'int32', true),
          c('median_rank', 'double'),
          c('p05_rank', 'double'),
          c('p95_rank', 'double'),
          c('draws', 'int32', true),
        ],
      },
      // the five scored regions of 2013, each rank with an interval around it
      rows: `SELECT region_kato, 2013 AS year, r AS nominal_rank, r::DOUBLE AS median_rank,
               greatest(1, r - 1)::DOUBLE AS p05_rank, least(5, r + 1)::DOUBLE AS p95_rank, 200 AS draws
        FROM (VALUES ('750000000', 1), ('710000000', 2), ('350000000', 3), ('630000000', 4), ('110000000', 5)) t(region_kato, r)`,
    },
  ],
  structure: [
    {
      spec: {
        name: 'location_quotients',
        title: 'Location quotients (synthetic)',
        description: SYNTHETIC_LABEL,
        primaryKey: ['region_kato', 'year', 'industry'],
        columns: [
          c('region_kato', 'string', true),
          c('year', 'int32', true),
          c('industry', 'string', true),
          c('share_region', 'double', false, 'percent'),
          c('share_country', 'double', false, 'percent'),
          c('lq', 'double'),
          c('status', 'string'),
        ],
      },
      // one quotient on a preliminary figure (status p)
      rows: `SELECT region_kato, 2022 AS year, industry, lq * share_country AS share_region, share_country, lq,
               CASE WHEN region_kato = '230000000' AND industry = 'A' THEN 'p' END AS status
        FROM (VALUES ('A', 10.0), ('B', 20.0), ('C', 30.0), ('F', 40.0)) i(industry, share_country)
        CROSS JOIN (VALUES ('230000000', 0), ('350000000', 1), ('750000000', 2), ('710000000', 3), ('110000000', 4)) r(region_kato, k)
        CROSS JOIN LATERAL (SELECT [0.0, 0.5, 1.0, 1.5, 4.0][1 + (k + ascii(industry)) % 5] AS lq)`,
    },
    {
      spec: {
        name: 'grp_per_capita',
        title: 'GRP per capita (synthetic)',
        description: SYNTHETIC_LABEL,
        primaryKey: ['region_kato', 'year'],
        columns: [
          c('region_kato', 'string', true),
          c('year', 'int32', true),
          c('grp', 'double', false, 'million tenge'),
          c('grp_status', 'string'),
          c('population', 'double', false, 'persons'),
          c('grp_per_capita', 'double', false, 'thousand tenge'),
          c('rank', 'int32'),
        ],
      },
      // Zhetisu's GRP (610000000) preliminary
      rows: `SELECT region_kato, 2022 AS year, grp, CASE WHEN region_kato = '610000000' THEN 'p' END AS grp_status,
               population, grp / population * 1000 AS grp_per_capita,
               CASE WHEN region_kato = '000000000' THEN NULL ELSE rank() OVER (PARTITION BY region_kato = '000000000' ORDER BY grp / population DESC) END::INTEGER AS rank
        FROM (VALUES ('000000000', 10000.0, 10000.0), ('230000000', 5000.0, 1000.0), ('750000000', 4000.0, 2000.0),
                     ('710000000', 3000.0, 1500.0), ('110000000', 800.0, 800.0), ('610000000', 1200.0, 2000.0)
        ) t(region_kato, grp, population)`,
    },
  ],
  trade: [
    {
      spec: {
        name: 'trade_by_bloc',
        title: 'Trade by bloc (synthetic)',
        description: SYNTHETIC_LABEL,
        primaryKey: ['year', 'flow', 'bloc'],
        columns: [
          c('year', 'int32', true),
          c('flow', 'string', true),
          c('bloc', 'string', true),
          c('value_usd', 'double', false, 'thousand USD'),
          c('share_pct', 'double', false, 'percent'),
        ],
      },
      rows: `SELECT year, flow, bloc, value_usd, value_usd / sum(value_usd) FILTER (bloc = 'world') OVER (PARTITION BY year, flow) * 100 AS share_pct
        FROM (SELECT year, flow, bloc, base * (1 + (year - 2020) * 0.1) * CASE flow WHEN 'export' THEN 1.0 ELSE 0.6 END AS value_usd
              FROM (VALUES (2020), (2021), (2022)) y(year)
              CROSS JOIN (VALUES ('export'), ('import')) f(flow)
              CROSS JOIN (VALUES ('world', 1000.0), ('eaeu', 300.0), ('eu', 400.0), ('china', 200.0)) b(bloc, base))`,
    },
  ],
};

/**
 * Publishes the named synthetic datasets (tables: all, or those named) into
 * `outDir`. `edit` rewrites each table's SELECT, e.g. to publish a revision
 * of a version published before (give a `tag` too).
 */
export async function publishSynthetic(
  outDir: string,
  datasets: Record<string, string[] | 'all'>,
  opts: { tag?: string; edit?: (rows: string) => string } = {},
): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'kzstat-synthetic-'));
  const db = await Db.open();
  try {
    for (const [dataset, which] of Object.entries(datasets)) {
      const tables = syntheticTables[dataset]!.filter((t) => which === 'all' || which.includes(t.spec.name));
      const published = [];
      for (const t of tables) {
        const file = path.join(work, `${dataset}-${t.spec.name}.parquet`);
        // typed to the contract and ordered by key, as the compute stage hands tables to publish
        const select = t.spec.columns.map(
          (col) => `CAST(${ident(col.name)} AS ${duckdbType[col.type]}) AS ${ident(col.name)}`,
        );
        await db.run(
          `COPY (SELECT ${select.join(', ')} FROM (${opts.edit ? opts.edit(t.rows) : t.rows}) ORDER BY ${t.spec.primaryKey.map(ident).join(', ')})
           TO ${lit(file)} (FORMAT parquet)`,
        );
        const rows = await db.value<number>(`SELECT count(*)::INTEGER FROM read_parquet(${lit(file)})`);
        published.push({ spec: t.spec, file, rows });
      }
      await publishDataset({
        db,
        outDir,
        dataset,
        title: `${dataset}: ${SYNTHETIC_LABEL}`,
        description: `${SYNTHETIC_LABEL}. Made up to test the report and the readers of published data.`,
        tables: published,
        contentHash: hashJson([dataset, which, opts.tag ?? '']),
        sources: [{ title: `${SYNTHETIC_LABEL}: inline VALUES`, file: 'synthetic/inline.sql' }],
        provenance: {
          run_id: 'synthetic',
          pipeline: dataset,
          parameters: {},
          inputs: [
            { path: 'synthetic/inline.sql', sha256: hashJson(tables.map((t) => t.rows)), vintage: '2099' },
          ],
          warnings: [{ check: 'synthetic', message: `${dataset}: ${SYNTHETIC_LABEL}` }],
        },
      });
    }
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}
