import type { TopLevelSpec } from 'vega-lite';
import { type ChartDef, columnUnit, hasColumn, plural } from '../../src/index.ts';

/**
 * The report's chart of trade (docs/methods.md section 3): exports and
 * imports by bloc over the years, an incomplete sum drawn hollow.
 */

type BlocRow = { year: number; flow: string; bloc: string; value: number; incomplete: boolean };

const tradeByBloc: ChartDef = {
  id: 'trade_by_bloc',
  title: 'Trade by bloc over time',
  table: 'trade_by_bloc',
  columns: ['year', 'flow', 'bloc', 'value_usd', 'share_pct'],
  async build(db, from, resource) {
    // a table by period as well as year: the annual rows only, never a sum of quarters and year-to-date figures
    const annual = hasColumn(resource, 'period') ? `WHERE period = CAST(year AS VARCHAR)` : '';
    const label = hasColumn(resource, 'bloc_name_en') ? 'coalesce(bloc_name_en, bloc)' : 'bloc';
    // a sum over partners that do not cover the total (only China given) is drawn, hollow, and named
    const incomplete = hasColumn(resource, 'complete') ? 'complete IS NOT DISTINCT FROM false' : 'false';
    const rows = await db.all<BlocRow>(
      `SELECT year::INTEGER AS year, flow, ${label} AS bloc, value_usd::DOUBLE AS value, ${incomplete} AS incomplete
       FROM (${from}) ${annual} ${annual ? 'AND' : 'WHERE'} value_usd IS NOT NULL AND lower(bloc) <> 'world'
       ORDER BY year, flow, bloc`,
    );
    if (!rows.length) return { empty: `the table has no ${annual ? 'annual ' : ''}value by bloc` };
    const stored = columnUnit(resource, 'value_usd', 'USD');
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

export default [tradeByBloc] satisfies ChartDef[];
