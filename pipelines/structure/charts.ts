import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartDef,
  columnUnit,
  type Db,
  hasColumn,
  type PublishedDataset,
  plural,
  REPUBLIC,
  type Resource,
  roomFor,
  tableFrom,
} from '../../src/index.ts';

/**
 * The report's charts of the regional structure (docs/methods.md section 2):
 * a heat map of location quotients by region and OKED section, and the
 * ranking by GRP per capita with the Republic's figure across it.
 */

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
  const marked = hasColumn(resource, 'status')
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
  if (hasColumn(resource, 'grp_status')) {
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
  if (revisions && hasColumn(revisions, 'indicator') && hasColumn(revisions, 'period')) {
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
    const unit = columnUnit(resource, 'grp_per_capita', 'thousand tenge');
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

export default [locationQuotients, grpPerCapita] satisfies ChartDef[];
