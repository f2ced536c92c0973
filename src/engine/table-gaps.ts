import { type Db, ident, lit } from '../core/duckdb.ts';
import { yearRanges } from '../core/periods.ts';
import type { TableSpec } from '../core/pipeline.ts';
import type { TableGaps } from '../publish/datapackage.ts';

/**
 * Why a computed table has no rows, or no rows for some years its inputs
 * cover, from what the table says it needs (TableSpec.needs) and what the
 * normalised observations hold: an empty table tells a missing input from a
 * bug. Read in compute's DuckDB, with the `observations` view and the table.
 */
export async function tableGaps(db: Db, spec: TableSpec, rows: number): Promise<TableGaps | undefined> {
  const needs = spec.needs;
  if (rows === 0) {
    if (!needs)
      return {
        not_computed: {
          reason: 'gave no rows from these inputs, and its pipeline does not say which inputs fill it',
          indicators: [],
        },
      };
    const present = await indicatorsPresent(db, needs.indicators);
    const missing = needs.indicators.filter((i) => !present.includes(i));
    const have = present.length
      ? `the inputs have ${present.join(', ')}, but not the figures it is computed from`
      : '';
    const haveNot = missing.length ? `the inputs have no ${missing.join(', no ')}` : '';
    return {
      not_computed: {
        reason: `needs ${needs.inputs}; ${[have, haveNot].filter(Boolean).join('; ')}`,
        indicators: needs.indicators,
        inputs: needs.inputs,
      },
    };
  }
  if (!needs || !spec.columns.some((c) => c.name === 'year')) return undefined;
  const years = (
    await db.all<{ year: number }>(
      `SELECT DISTINCT year FROM observations
       WHERE indicator IN (${needs.indicators.map(lit).join(', ')}) AND value IS NOT NULL AND year IS NOT NULL
         AND (${needs.where ?? 'true'})
         AND year NOT IN (SELECT year FROM ${ident(spec.name)} WHERE year IS NOT NULL)
       ORDER BY year`,
    )
  ).map((r) => Number(r.year));
  if (!years.length) return undefined;
  return {
    years_left_out: {
      years,
      reason:
        needs.yearsLeftOut ??
        `the inputs have figures of ${needs.indicators.join(', ')} it is computed from for these years, but not all it needs`,
    },
  };
}

async function indicatorsPresent(db: Db, indicators: string[]): Promise<string[]> {
  const rows = await db.all<{ indicator: string }>(
    `SELECT DISTINCT indicator FROM observations WHERE indicator IN (${indicators.map(lit).join(', ')}) AND value IS NOT NULL ORDER BY indicator`,
  );
  return rows.map((r) => r.indicator);
}

/** The run report's lines for a table's gaps, one kind each, so a re-run of the same inputs counts them as known. */
export function gapWarnings(dataset: string, table: string, gaps: TableGaps | undefined) {
  const out: { check: string; message: string }[] = [];
  if (gaps?.not_computed)
    out.push({
      check: 'not computed',
      message: `${dataset}.${table} has no rows: ${gaps.not_computed.reason}`,
    });
  if (gaps?.years_left_out)
    out.push({
      check: 'years left out',
      message: `${dataset}.${table} has no rows for ${yearRanges(gaps.years_left_out.years)}: ${gaps.years_left_out.reason}`,
    });
  return out;
}
