import type { TopLevelSpec } from 'vega-lite';
import { type Db, lit } from '../db/duckdb.ts';
import type { Resource } from '../publish/datapackage.ts';
import { resourceSelect } from '../publish/scan.ts';
import { fromRoot } from '../util/paths.ts';

/**
 * The report's charts, one per published index table (CONTRACT.md). Each
 * reads the latest version of its table in DuckDB, keeps the latest year
 * (or every year for a series), and returns a Vega-Lite spec with a
 * sentence saying what the chart shows. The report page renders them.
 */
export interface ChartData {
  spec: TopLevelSpec;
  /** what is shown, e.g. "2013, 16 regions"; and what was left out */
  caption: string;
}

export interface ChartDef {
  id: string;
  title: string;
  dataset: string;
  table: string;
  /** the columns of the CONTRACT.md table the chart reads */
  columns: string[];
  build(db: Db, from: string, resource: Resource): Promise<ChartData | { empty: string }>;
}

export const REPUBLIC = '000000000';

/** Region names from the registry, for labels. */
export async function attachRegions(db: Db): Promise<void> {
  await db.run(
    `CREATE OR REPLACE VIEW report_regions AS
     SELECT kato, name_en FROM read_csv(${lit(fromRoot('registry', 'regions.csv'))}, header = true, all_varchar = true)`,
  );
}

const unitOf = (r: Resource, column: string, fallback: string) =>
  r.schema.fields.find((f) => f.name === column)?.unit ?? fallback;

const has = (r: Resource, column: string) => r.schema.fields.some((f) => f.name === column);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** An axis maximum that leaves room for the value labels right of the longest bar. */
const roomFor = (max: number) => {
  const target = max * 1.18;
  const step = 10 ** (Math.floor(Math.log10(target || 1)) - 1);
  return Math.ceil(target / step) * step;
};

const CLASS_COLOURS: Record<string, string> = { A: '#1a7f4b', B: '#7cc47f', C: '#f1a340', D: '#c9372c' };

const innovationRating: ChartDef = {
  id: 'innovation_rating',
  title: 'Innovation rating by region and class',
  dataset: 'innovation',
  table: 'innovation_rating',
  columns: ['region_kato', 'year', 'score', 'assessment', 'class', 'rank'],
  async build(db, from) {
    const rows = await db.all<{
      region: string;
      year: number;
      score: number;
      class: string | null;
      label: string;
    }>(
      `WITH t AS (${from}), y AS (SELECT max(year) AS year FROM t WHERE score IS NOT NULL)
       SELECT coalesce(r.name_en, t.region_kato) AS region, t.year::INTEGER AS year, t.score::DOUBLE AS score,
              t.class, format('{:.1f} {}', t.score, coalesce('(' || t.assessment || ')', '')) AS label
       FROM t JOIN y USING (year) LEFT JOIN report_regions r ON r.kato = t.region_kato
       WHERE t.score IS NOT NULL AND t.region_kato <> '${REPUBLIC}'
       ORDER BY t.score DESC`,
    );
    if (!rows.length) return { empty: 'the table has no region with a score' };
    const year = rows[0]!.year;
    const span = (await db.one<{ lo: number; hi: number; unscored: number }>(
      `WITH t AS (${from}) SELECT min(year)::INTEGER AS lo, max(year)::INTEGER AS hi,
         count(*) FILTER (year = ${year} AND score IS NULL AND region_kato <> '${REPUBLIC}')::INTEGER AS unscored FROM t`,
    ))!;
    const classes = [...new Set(rows.map((r) => r.class ?? 'none'))].sort();
    const top = Math.max(...rows.map((r) => r.score));
    return {
      caption: `${year}, ${plural(rows.length, 'region')}, sorted by score; colour = class${span.lo < span.hi ? ` (the table covers ${span.lo}–${span.hi})` : ''}${span.unscored ? `; ${plural(span.unscored, 'region')} without a score left out` : ''}.`,
      spec: {
        title: `Innovation rating ${year}`,
        width: 560,
        height: { step: 20 },
        data: { values: rows.map((r) => ({ ...r, class: r.class ?? 'none' })) },
        encoding: {
          y: { field: 'region', type: 'nominal', sort: rows.map((r) => r.region), title: null },
          // room on the right for the labels
          x: {
            field: 'score',
            type: 'quantitative',
            title: 'score',
            scale: { domain: [0, roomFor(top)], nice: false },
          },
        },
        layer: [
          {
            mark: { type: 'bar', height: { band: 0.8 } },
            encoding: {
              color: {
                field: 'class',
                type: 'nominal',
                title: 'class',
                legend: { orient: 'top', direction: 'horizontal' },
                scale: { domain: classes, range: classes.map((c) => CLASS_COLOURS[c] ?? '#999999') },
              },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
            encoding: { text: { field: 'label' } },
          },
        ],
      } as TopLevelSpec,
    };
  },
};

const LQ_CAP = 3;

const locationQuotients: ChartDef = {
  id: 'location_quotients',
  title: 'Location quotients by region and industry',
  dataset: 'structure',
  table: 'location_quotients',
  columns: ['region_kato', 'year', 'industry', 'share_region', 'share_country', 'lq'],
  async build(db, from) {
    const rows = await db.all<{ region: string; industry: string; lq: number; year: number }>(
      `WITH t AS (${from}), y AS (SELECT max(year) AS year FROM t WHERE lq IS NOT NULL)
       SELECT coalesce(r.name_en, t.region_kato) AS region, t.industry, t.lq::DOUBLE AS lq, t.year::INTEGER AS year
       FROM t JOIN y USING (year) LEFT JOIN report_regions r ON r.kato = t.region_kato
       WHERE t.lq IS NOT NULL AND t.region_kato <> '${REPUBLIC}' AND t.industry IS NOT NULL
       ORDER BY region, t.industry`,
    );
    if (!rows.length) return { empty: 'the table has no location quotient' };
    const year = rows[0]!.year;
    const industries = [...new Set(rows.map((r) => r.industry))].sort();
    const shown = new Set(industries.slice(0, 40));
    const regions = new Set(rows.map((r) => r.region)).size;
    return {
      caption: `${year}, ${plural(regions, 'region')} × ${plural(shown.size, 'industry', 'industries')}${industries.length > shown.size ? ` (first ${shown.size} of ${industries.length} by code)` : ''}; LQ > 1: the region is more specialised in the industry than the country; colours stop at ${LQ_CAP}, the numbers do not.`,
      spec: {
        title: `Location quotients ${year}`,
        data: { values: rows.filter((r) => shown.has(r.industry)) },
        width: { step: 34 },
        height: { step: 24 },
        encoding: {
          x: {
            field: 'industry',
            type: 'ordinal',
            title: 'industry',
            axis: { orient: 'top', labelAngle: 0 },
          },
          y: { field: 'region', type: 'ordinal', title: null },
        },
        layer: [
          {
            mark: { type: 'rect' },
            encoding: {
              color: {
                field: 'lq',
                type: 'quantitative',
                title: 'LQ',
                scale: { scheme: 'blueorange', domain: [0, LQ_CAP], domainMid: 1, clamp: true },
                legend: {
                  values: [0, 1, 2, LQ_CAP],
                  labelExpr: `datum.value >= ${LQ_CAP} ? '≥ ${LQ_CAP}' : datum.label`,
                },
              },
            },
          },
          {
            mark: { type: 'text', fontSize: 10 },
            encoding: {
              text: { field: 'lq', type: 'quantitative', format: '.1f' },
              color: {
                condition: { test: `datum.lq > ${LQ_CAP * 0.8} || datum.lq < 0.25`, value: 'white' },
                value: '#222',
              },
            },
          },
        ],
      } as TopLevelSpec,
    };
  },
};

const grpPerCapita: ChartDef = {
  id: 'grp_per_capita',
  title: 'GRP per capita ranking',
  dataset: 'structure',
  table: 'grp_per_capita',
  columns: ['region_kato', 'year', 'grp', 'population', 'grp_per_capita', 'rank'],
  async build(db, from, resource) {
    const rows = await db.all<{
      region: string;
      kato: string;
      value: number;
      rank: number | null;
      year: number;
    }>(
      `WITH t AS (${from}), y AS (SELECT max(year) AS year FROM t WHERE grp_per_capita IS NOT NULL)
       SELECT coalesce(r.name_en, t.region_kato) AS region, t.region_kato AS kato, t.grp_per_capita::DOUBLE AS value,
              t.rank::INTEGER AS rank, t.year::INTEGER AS year
       FROM t JOIN y USING (year) LEFT JOIN report_regions r ON r.kato = t.region_kato
       WHERE t.grp_per_capita IS NOT NULL ORDER BY value DESC`,
    );
    const regions = rows.filter((r) => r.kato !== REPUBLIC);
    if (!regions.length) return { empty: 'the table has no region with a GRP per capita' };
    const republic = rows.find((r) => r.kato === REPUBLIC);
    const year = regions[0]!.year;
    const unit = unitOf(resource, 'grp_per_capita', 'thousand tenge');
    const bars = regions;
    const order = regions.map((r) => r.region);
    const top = Math.max(...rows.map((r) => r.value));
    return {
      caption: `${year}, ${plural(regions.length, 'region')} ranked (rank 1 = highest), in ${unit}${republic ? '; the line is the Republic' : ''}.`,
      spec: {
        title: `GRP per capita ${year}`,
        width: 560,
        height: { step: 20 },
        layer: [
          {
            data: { values: bars },
            mark: { type: 'bar', color: '#3b6ea8', height: { band: 0.8 } },
            encoding: {
              y: { field: 'region', type: 'nominal', sort: order, title: null },
              x: {
                field: 'value',
                type: 'quantitative',
                title: `GRP per capita (${unit})`,
                scale: { domain: [0, roomFor(top)], nice: false },
              },
            },
          },
          {
            data: { values: bars },
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
            encoding: {
              y: { field: 'region', type: 'nominal', sort: order, title: null },
              x: { field: 'value', type: 'quantitative' },
              text: { field: 'value', type: 'quantitative', format: ',.0f' },
            },
          },
          ...(republic
            ? [
                {
                  data: {
                    values: [
                      {
                        value: republic.value,
                        label: `Republic ${Math.round(republic.value).toLocaleString('en-US')}`,
                      },
                    ],
                  },
                  layer: [
                    {
                      mark: { type: 'rule' as const, color: '#c9372c', strokeDash: [4, 3] },
                      encoding: { x: { field: 'value', type: 'quantitative' as const } },
                    },
                    {
                      mark: {
                        type: 'text' as const,
                        color: '#c9372c',
                        align: 'left' as const,
                        dx: 4,
                        dy: -6,
                        y: 0,
                        fontSize: 10,
                      },
                      encoding: {
                        x: { field: 'value', type: 'quantitative' as const },
                        text: { field: 'label' },
                      },
                    },
                  ],
                },
              ]
            : []),
        ],
      } as TopLevelSpec,
    };
  },
};

const tradeByBloc: ChartDef = {
  id: 'trade_by_bloc',
  title: 'Trade by bloc over time',
  dataset: 'trade',
  table: 'trade_by_bloc',
  columns: ['year', 'flow', 'bloc', 'value_usd', 'share_pct'],
  async build(db, from, resource) {
    // a table by period as well as year: the annual rows only, never a sum of quarters and year-to-date figures
    const annual = has(resource, 'period') ? `WHERE period = CAST(year AS VARCHAR)` : '';
    const label = has(resource, 'bloc_name_en') ? 'coalesce(bloc_name_en, bloc)' : 'bloc';
    // a sum over partners that do not cover the total (only China given) is drawn, hollow, and named
    const incomplete = has(resource, 'complete') ? 'complete IS NOT DISTINCT FROM false' : 'false';
    const rows = await db.all<{
      year: number;
      flow: string;
      bloc: string;
      value: number;
      incomplete: boolean;
    }>(
      `SELECT year::INTEGER AS year, flow, ${label} AS bloc, value_usd::DOUBLE AS value, ${incomplete} AS incomplete
       FROM (${from}) ${annual} ${annual ? 'AND' : 'WHERE'} value_usd IS NOT NULL AND lower(bloc) <> 'world'
       ORDER BY year, flow, bloc`,
    );
    if (!rows.length) return { empty: `the table has no ${annual ? 'annual ' : ''}value by bloc` };
    const stored = unitOf(resource, 'value_usd', 'USD');
    // millions of 'thousand USD' read better as billions: a change of scale for the eye only
    const scaled = stored === 'thousand USD' && Math.max(...rows.map((r) => Math.abs(r.value))) >= 1e6;
    const unit = scaled ? 'billion USD' : stored;
    const values = scaled ? rows.map((r) => ({ ...r, value: r.value / 1e6 })) : rows;
    const years = [...new Set(rows.map((r) => r.year))];
    const gaps = ['export', 'import']
      .map(
        (flow) =>
          [
            flow,
            [...new Set(rows.filter((r) => r.incomplete && r.flow === flow).map((r) => r.year))],
          ] as const,
      )
      .filter(([, ys]) => ys.length)
      .map(([flow, ys]) => `${flow}s ${ys.join(', ')}`);
    return {
      caption: `${years[0]}–${years.at(-1)}, ${plural(new Set(rows.map((r) => r.bloc)).size, 'bloc')}, value in ${unit}${scaled ? ` (published in ${stored})` : ''}${annual ? ', annual figures' : ''}; blocs overlap (a country can count for several), so the lines do not add up; the world total is left out.${gaps.length ? ` Hollow points are incomplete (the partners given fall short of the total, or a value is unknown): ${gaps.join('; ')}.` : ''}`,
      spec: {
        title: 'Trade by bloc',
        data: { values },
        facet: { column: { field: 'flow', type: 'nominal', title: null } },
        spec: {
          width: 300,
          height: 220,
          encoding: {
            x: {
              field: 'year',
              type: 'quantitative',
              title: 'year',
              axis: { format: 'd', tickMinStep: 1 },
              scale: { zero: false },
            },
            y: { field: 'value', type: 'quantitative', title: `value (${unit})` },
            color: { field: 'bloc', type: 'nominal', title: 'bloc', scale: { scheme: 'tableau10' } },
          },
          layer: [
            // an incomplete sum is no point on the bloc's line
            { transform: [{ filter: '!datum.incomplete' }], mark: { type: 'line', strokeWidth: 2 } },
            { transform: [{ filter: '!datum.incomplete' }], mark: { type: 'point', filled: true, size: 30 } },
            {
              transform: [{ filter: 'datum.incomplete' }],
              mark: { type: 'point', filled: false, size: 40, strokeWidth: 1.5 },
            },
          ],
        },
      } as TopLevelSpec,
    };
  },
};

export const CHARTS: ChartDef[] = [innovationRating, locationQuotients, grpPerCapita, tradeByBloc];

/** The columns of the CONTRACT.md table a chart needs that the published table lacks. */
export function missingColumns(chart: ChartDef, resource: Resource): string[] {
  return chart.columns.filter((c) => !has(resource, c));
}

export function tableFrom(dir: string, resource: Resource): string {
  return resourceSelect(dir, resource);
}
