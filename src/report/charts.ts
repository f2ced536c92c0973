import type { TopLevelSpec } from 'vega-lite';
import { type Db, lit } from '../core/duckdb.ts';
import { fromRoot } from '../core/paths.ts';
import { yearRanges } from '../core/periods.ts';
import type { Resource } from '../publish/datapackage.ts';
import { resourceSelect } from '../publish/scan.ts';
import type { PublishedDataset } from './load.ts';

/**
 * The report's charts, one per published index table (docs/methods.md). Each
 * reads the latest version of its table in DuckDB, keeps the latest year
 * (or every year for a series), and returns a Vega-Lite spec with a
 * sentence saying what the chart shows. The report page renders them.
 */
export interface ChartData {
  spec: TopLevelSpec;
  /** what is shown, e.g. "2013, 16 regions"; and what was left out */
  caption: string;
  /** the status of the figures shown: preliminary, partial, replaced by another input's (report.ts adds revisions) */
  status: string[];
}

export interface ChartDef {
  id: string;
  title: string;
  dataset: string;
  table: string;
  /** the columns of the published table the chart reads */
  columns: string[];
  /** `ds`: the chart's dataset, for a note from one of its other tables */
  build(
    db: Db,
    from: string,
    resource: Resource,
    ds: PublishedDataset,
  ): Promise<ChartData | { empty: string }>;
}

export const REPUBLIC = '000000000';

/** Names from the registry for labels: regions by KATO code, industries by OKED section ("A Agriculture, …"). */
export async function attachLabels(db: Db): Promise<void> {
  await db.run(
    `CREATE OR REPLACE VIEW report_regions AS
     SELECT kato, name_en FROM read_csv(${lit(fromRoot('registry', 'regions.csv'))}, header = true, all_varchar = true)`,
  );
  await db.run(
    `CREATE OR REPLACE VIEW report_industries AS
     SELECT code, code || ' ' || name_en AS label
     FROM read_csv(${lit(fromRoot('registry', 'oked_sections.csv'))}, header = true, all_varchar = true)`,
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

type RatingRow = { region: string; year: number; score: number; class: string | null; label: string };

const innovationRating: ChartDef = {
  id: 'innovation_rating',
  title: 'Innovation rating by region and class',
  dataset: 'innovation',
  table: 'innovation_rating',
  columns: ['region_kato', 'year', 'score', 'assessment', 'class', 'rank'],
  async build(db, from, resource, ds) {
    const rows = await ratedRegions(db, from, resource);
    if (!rows.length) return { empty: 'the table has no region with a score' };
    const year = rows[0]!.year;
    const span = (await db.one<{ lo: number; hi: number; unscored: number }>(
      `WITH t AS (${from}) SELECT min(year)::INTEGER AS lo, max(year)::INTEGER AS hi,
         count(*) FILTER (year = ${year} AND score IS NULL AND region_kato <> '${REPUBLIC}')::INTEGER AS unscored FROM t`,
    ))!;
    const order = rows.map((r) => r.region);
    const intervals = await rankIntervals(db, ds, year);
    const scores = ratingScoresSpec(rows);
    return {
      caption: `${year}, ${plural(rows.length, 'region')}, sorted by score; colour = class${span.lo < span.hi ? ` (the table covers ${span.lo}–${span.hi})` : ''}${span.unscored ? `; ${plural(span.unscored, 'region')} without a score left out` : ''}${intervals.length ? `; right: each region's rank (dot) and the 5th–95th percentile of its rank over ${intervals[0]!.draws} draws of the rating's method (bar; table rating_uncertainty)` : ''}.`,
      status: await partialRating(db, from, resource, year),
      spec: {
        title: `Innovation rating ${year}`,
        ...(intervals.length ? { hconcat: [scores, rankIntervalSpec(intervals, order)] } : scores),
      } as TopLevelSpec,
    };
  },
};

/** The regions' scores of the year shown, best first. */
async function ratedRegions(db: Db, from: string, resource: Resource): Promise<RatingRow[]> {
  return db.all<RatingRow>(
    // the newest year rated on both groups; the newest scored year only where no year is complete
    `WITH t AS (${from}), y AS (SELECT ${has(resource, 'partial') ? 'coalesce(max(year) FILTER (WHERE NOT partial), max(year))' : 'max(year)'} AS year FROM t WHERE score IS NOT NULL)
     SELECT coalesce(r.name_en, t.region_kato) AS region, t.year::INTEGER AS year, t.score::DOUBLE AS score,
            t.class, format('{:.1f} {}', t.score, coalesce('(' || t.assessment || ')', '')) AS label
     FROM t JOIN y USING (year) LEFT JOIN report_regions r ON r.kato = t.region_kato
     WHERE t.score IS NOT NULL AND t.region_kato <> '${REPUBLIC}'
     ORDER BY t.score DESC`,
  );
}

/** One bar per region, coloured by class, with the score and assessment right of it. */
function ratingScoresSpec(rows: RatingRow[]) {
  const classes = [...new Set(rows.map((r) => r.class ?? 'none'))].sort();
  const top = Math.max(...rows.map((r) => r.score));
  return {
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
  };
}

type RankInterval = {
  region: string;
  rank: number;
  p05: number;
  p95: number;
  draws: number;
};

/** The year's rank intervals from the dataset's rating_uncertainty table; none where it is not published. */
async function rankIntervals(db: Db, ds: PublishedDataset, year: number): Promise<RankInterval[]> {
  const table = ds.tables.get('rating_uncertainty');
  if (!table || !['nominal_rank', 'p05_rank', 'p95_rank', 'draws'].every((c) => has(table, c))) return [];
  return db.all<RankInterval>(
    `SELECT coalesce(r.name_en, t.region_kato) AS region, t.nominal_rank::INTEGER AS rank,
            t.p05_rank::DOUBLE AS p05, t.p95_rank::DOUBLE AS p95, t.draws::INTEGER AS draws
     FROM (${tableFrom(ds.dir, table)}) t LEFT JOIN report_regions r ON r.kato = t.region_kato
     WHERE t.year = ${year} AND t.region_kato <> '${REPUBLIC}'`,
  );
}

/** Rank 1 on the left, as the best score is on top; rows in the score chart's order. */
function rankIntervalSpec(intervals: RankInterval[], order: string[]) {
  const worst = Math.max(...intervals.map((i) => Math.max(i.rank, i.p95)));
  const x = {
    type: 'quantitative' as const,
    scale: { domain: [0.5, worst + 0.5], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  return {
    width: 180,
    height: { step: 20 },
    data: { values: intervals },
    encoding: {
      y: { field: 'region', type: 'nominal' as const, sort: order, title: null, axis: null },
    },
    layer: [
      {
        mark: { type: 'rule' as const, color: '#3b6ea8', strokeWidth: 3, opacity: 0.5 },
        encoding: { x: { field: 'p05', ...x, title: 'rank, 5th–95th percentile' }, x2: { field: 'p95' } },
      },
      {
        mark: { type: 'point' as const, filled: true, color: '#222', size: 30 },
        encoding: { x: { field: 'rank', ...x } },
      },
    ],
  };
}

/** Which years' scores rest on one group of indicators only (the other is not in the inputs). */
async function partialRating(db: Db, from: string, resource: Resource, year: number): Promise<string[]> {
  if (!has(resource, 'partial')) return ['The table does not say whether its scores are partial.'];
  const partial = await db.all<{ year: number; missing: string | null }>(
    `WITH t AS (${from}) SELECT year::INTEGER AS year, min(missing_group) AS missing
     FROM t WHERE partial GROUP BY year ORDER BY year`,
  );
  const shown = partial.find((p) => p.year === year);
  const others = partial.filter((p) => p.year !== year).map((p) => p.year);
  return [
    shown
      ? `Partial rating: in ${year} the ${shown.missing ?? 'one'} group of indicators is not in the inputs, so each score is the other group's alone.`
      : `The ${year} scores rest on both groups of indicators.`,
    ...(others.length ? [`Partial ratings in the table's other years: ${yearRanges(others)}.`] : []),
  ];
}

const STATUS_WORDS: Record<string, string> = {
  p: 'preliminary',
  x: 'confidential',
  '-': 'no such activity',
  na: 'not available',
};

const LQ_CAP = 3;

type LqRow = { region: string; industry: string; label: string; lq: number; year: number };

const locationQuotients: ChartDef = {
  id: 'location_quotients',
  title: 'Location quotients by region and industry',
  dataset: 'structure',
  table: 'location_quotients',
  columns: ['region_kato', 'year', 'industry', 'share_region', 'share_country', 'lq'],
  async build(db, from, resource) {
    const rows = await db.all<LqRow>(
      `WITH t AS (${from}), y AS (SELECT max(year) AS year FROM t WHERE lq IS NOT NULL)
       SELECT coalesce(r.name_en, t.region_kato) AS region, t.industry, coalesce(i.label, t.industry) AS label,
              t.lq::DOUBLE AS lq, t.year::INTEGER AS year
       FROM t JOIN y USING (year) LEFT JOIN report_regions r ON r.kato = t.region_kato
       LEFT JOIN report_industries i ON i.code = t.industry
       WHERE t.lq IS NOT NULL AND t.region_kato <> '${REPUBLIC}' AND t.industry IS NOT NULL
       ORDER BY region, t.industry`,
    );
    if (!rows.length) return { empty: 'the table has no location quotient' };
    const year = rows[0]!.year;
    const industries = [...new Set(rows.map((r) => r.industry))].sort();
    const shown = new Set(industries.slice(0, 40));
    const labels = [...new Set(rows.filter((r) => shown.has(r.industry)).map((r) => r.label))].sort();
    const unnamed = [...shown].filter((code) => labels.includes(code));
    const regions = new Set(rows.map((r) => r.region)).size;
    return {
      caption: `${year}, ${plural(regions, 'region')} × ${plural(shown.size, 'industry', 'industries')} (OKED sections)${industries.length > shown.size ? ` (first ${shown.size} of ${industries.length} by code)` : ''}${unnamed.length ? `; ${unnamed.join(', ')} not in the registry of OKED sections, shown by code` : ''}; LQ > 1: the region is more specialised in the industry than the country; colours stop at ${LQ_CAP}, the numbers do not.`,
      status: await lqStatus(db, from, resource, year),
      spec: {
        title: `Location quotients ${year}`,
        ...lqHeatMap(
          rows.filter((r) => shown.has(r.industry)),
          labels,
        ),
      } as TopLevelSpec,
    };
  },
};

/** How many quotients of the year rest on figures the source marks (preliminary, confidential, ...). */
async function lqStatus(db: Db, from: string, resource: Resource, year: number): Promise<string[]> {
  const marked = has(resource, 'status')
    ? await db.all<{ status: string; n: number }>(
        `WITH t AS (${from}) SELECT status, count(*)::INTEGER AS n FROM t
           WHERE year = ${year} AND lq IS NOT NULL AND status IS NOT NULL GROUP BY status ORDER BY status`,
      )
    : [];
  return marked.length
    ? marked.map(
        (m) =>
          `${plural(m.n, 'location quotient')} of ${year} ${m.n === 1 ? 'rests' : 'rest'} on figures marked ${STATUS_WORDS[m.status] ?? m.status} (status ${m.status}).`,
      )
    : [`No figure of ${year} is marked preliminary or otherwise in the inputs.`];
}

/** Regions across, industries down; the colour scale stops at LQ_CAP so one outlier does not wash out the rest. */
function lqHeatMap(values: LqRow[], labels: string[]) {
  return {
    data: { values },
    width: { step: 30 },
    height: { step: 22 },
    encoding: {
      x: {
        field: 'region',
        type: 'ordinal',
        title: null,
        axis: { orient: 'top', labelAngle: -45, labelAlign: 'left' },
      },
      y: {
        field: 'label',
        type: 'ordinal',
        title: 'industry (OKED section)',
        sort: labels,
        axis: { labelLimit: 330 },
      },
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
          // white figures on the dark ends of the scale
          color: {
            condition: { test: `datum.lq > ${LQ_CAP * 0.8} || datum.lq < 0.25`, value: 'white' },
            value: '#222',
          },
        },
      },
    ],
  };
}

/** Preliminary GRP in the year shown, and GRP figures of that year two inputs gave differently. */
async function grpStatus(
  db: Db,
  from: string,
  resource: Resource,
  ds: PublishedDataset,
  year: number,
): Promise<string[]> {
  const status: string[] = [];
  if (has(resource, 'grp_status')) {
    const n = (await db.value<number>(
      `WITH t AS (${from}) SELECT count(*)::INTEGER FROM t WHERE year = ${year} AND grp_status = 'p'`,
    ))!;
    status.push(
      n
        ? `Preliminary: ${plural(n, 'figure')} of ${year} ${n === 1 ? 'rests' : 'rest'} on a GRP its source marks preliminary.`
        : `No GRP of ${year} is marked preliminary in the inputs.`,
    );
  } else status.push('The table does not say which GRP figures are preliminary.');
  const revisions = ds.tables.get('revisions');
  if (revisions && has(revisions, 'indicator') && has(revisions, 'period')) {
    const n = (await db.value<number>(
      `SELECT count(*)::INTEGER FROM (${tableFrom(ds.dir, revisions)})
       WHERE indicator = 'grp' AND period = '${year}'`,
    ))!;
    if (n)
      status.push(
        `${plural(n, 'GRP figure')} of ${year} differ between two inputs: the newer vintage is shown, the other is kept in the ${ds.name} revisions table.`,
      );
  }
  return status;
}

type GrpRow = { region: string; kato: string; value: number; rank: number | null; year: number };

const grpPerCapita: ChartDef = {
  id: 'grp_per_capita',
  title: 'GRP per capita ranking',
  dataset: 'structure',
  table: 'grp_per_capita',
  columns: ['region_kato', 'year', 'grp', 'population', 'grp_per_capita', 'rank'],
  async build(db, from, resource, ds) {
    const rows = await db.all<GrpRow>(
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
    // the axis also leaves room for the Republic's line, which may lie past the longest bar
    const top = Math.max(...rows.map((r) => r.value));
    return {
      caption: `${year}, ${plural(regions.length, 'region')} ranked (rank 1 = highest), in ${unit}${republic ? '; the line is the Republic' : ''}.`,
      status: await grpStatus(db, from, resource, ds, year),
      spec: {
        title: `GRP per capita ${year}`,
        width: 560,
        height: { step: 20 },
        layer: [...grpBarLayers(regions, unit, top), ...(republic ? [republicLine(republic.value)] : [])],
      } as TopLevelSpec,
    };
  },
};

/** A bar per region, highest on top, with its value right of it. */
function grpBarLayers(bars: GrpRow[], unit: string, top: number) {
  const order = bars.map((r) => r.region);
  return [
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
  ];
}

/** The Republic's figure as a dashed line across the bars, labelled at the top. */
function republicLine(value: number) {
  return {
    data: {
      values: [
        {
          value,
          label: `Republic ${Math.round(value).toLocaleString('en-US')}`,
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
  };
}

type BlocRow = { year: number; flow: string; bloc: string; value: number; incomplete: boolean };

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
    const rows = await db.all<BlocRow>(
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
    const gaps = incompleteYearsByFlow(rows);
    return {
      status: gaps.length
        ? [
            `Incomplete sums by bloc (the partners given fall short of the published total, or a value is unknown): ${gaps.join('; ')}.`,
          ]
        : [],
      caption: `${years[0]}–${years.at(-1)}, ${plural(new Set(rows.map((r) => r.bloc)).size, 'bloc')}, value in ${unit}${scaled ? ` (published in ${stored})` : ''}${annual ? ', annual figures' : ''}; blocs overlap (a country can count for several), so the lines do not add up; the world total is left out.${gaps.length ? ' Hollow points are incomplete sums (see the note below).' : ''}`,
      spec: blocLinesSpec(values, unit),
    };
  },
};

/** "exports 2019, 2020" for each flow with an incomplete sum. */
function incompleteYearsByFlow(rows: BlocRow[]): string[] {
  return ['export', 'import']
    .map(
      (flow) =>
        [flow, [...new Set(rows.filter((r) => r.incomplete && r.flow === flow).map((r) => r.year))]] as const,
    )
    .filter(([, ys]) => ys.length)
    .map(([flow, ys]) => `${flow}s ${ys.join(', ')}`);
}

/** A line per bloc over the years, one panel per flow. */
function blocLinesSpec(values: BlocRow[], unit: string): TopLevelSpec {
  return {
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
  } as TopLevelSpec;
}

export const CHARTS: ChartDef[] = [innovationRating, locationQuotients, grpPerCapita, tradeByBloc];

/** The columns a chart needs that the published table lacks (a version older than the chart). */
export function missingColumns(chart: ChartDef, resource: Resource): string[] {
  return chart.columns.filter((c) => !has(resource, c));
}

export function tableFrom(dir: string, resource: Resource): string {
  return resourceSelect(dir, resource);
}
