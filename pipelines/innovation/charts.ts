import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartDef,
  type Db,
  hasColumn,
  type PublishedDataset,
  plural,
  REPUBLIC,
  type Resource,
  roomFor,
  tableFrom,
  yearRanges,
} from '../../src/index.ts';

/**
 * The report's chart of the innovation rating (docs/methods.md section 1):
 * the regions' scores of the newest rated year, coloured by class, beside
 * each region's rank interval from rating_uncertainty where it is published.
 */

const CLASS_COLOURS: Record<string, string> = { A: '#1a7f4b', B: '#7cc47f', C: '#f1a340', D: '#c9372c' };

type RatingRow = { region: string; year: number; score: number; class: string | null; label: string };

const innovationRating: ChartDef = {
  id: 'innovation_rating',
  title: 'Innovation rating by region and class',
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
    `WITH t AS (${from}), y AS (SELECT ${hasColumn(resource, 'partial') ? 'coalesce(max(year) FILTER (WHERE NOT partial), max(year))' : 'max(year)'} AS year FROM t WHERE score IS NOT NULL)
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
  if (!table || !['nominal_rank', 'p05_rank', 'p95_rank', 'draws'].every((c) => hasColumn(table, c)))
    return [];
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
  if (!hasColumn(resource, 'partial')) return ['The table does not say whether its scores are partial.'];
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

export default [innovationRating] satisfies ChartDef[];
