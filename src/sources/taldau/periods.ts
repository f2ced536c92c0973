/**
 * Taldau's period types (the `p_period_id` of a request) and how a value key
 * `yMMYYYY` reads under each: the period that ends in month MM of YYYY.
 *
 * Ids per docs/taldau.md (7, 12, 16 year; 5, 9 quarter; 6, 10 half-year;
 * 4, 8 month). 9 ("Квартал с накоплением") and 8 (month with accumulation)
 * run from January (year-to-date), as the BNS data repository found by
 * reading their keys (makenerzhan-gif/kazakhstan-economic-data,
 * scripts/fetchers/bns.py). Whether 10 accumulates is not known, so it is
 * not read rather than guessed.
 */
export type PeriodChoice = 'year' | 'quarter' | 'month';

export interface PeriodTypeInfo {
  kind: 'year' | 'quarter' | 'half' | 'month';
  /** values run from January to the key's month */
  cumulative: boolean;
}

export const PERIOD_TYPES: Record<string, PeriodTypeInfo> = {
  '7': { kind: 'year', cumulative: false },
  '12': { kind: 'year', cumulative: false },
  '16': { kind: 'year', cumulative: false },
  '5': { kind: 'quarter', cumulative: false },
  '9': { kind: 'quarter', cumulative: true },
  '6': { kind: 'half', cumulative: false },
  '4': { kind: 'month', cumulative: false },
  '8': { kind: 'month', cumulative: true },
};

/** Period type ids a pull asks for, most wanted first: discrete periods before year-to-date ones. */
export const PERIOD_PREFERENCE: Record<PeriodChoice, string[]> = {
  year: ['7', '12', '16'],
  quarter: ['5', '9'],
  month: ['4', '8'],
};

/**
 * The period of a value key as tidy notation (src/core/periods.ts reads
 * it), or undefined when the key cannot end such a period (month 5 under a
 * quarterly type). Year-to-date spans are written `YYYY-YTD-Mmm` and take
 * their canonical name there (January-June is H1).
 */
export function periodOfKey(periodTypeId: string, month: number, year: number): string | undefined {
  const t = PERIOD_TYPES[periodTypeId];
  if (!t || month < 1 || month > 12) return undefined;
  const mm = String(month).padStart(2, '0');
  if (t.cumulative) return `${year}-YTD-M${mm}`;
  switch (t.kind) {
    case 'year':
      return month === 12 ? `${year}` : undefined;
    case 'quarter':
      return month % 3 === 0 ? `${year}-Q${month / 3}` : undefined;
    case 'half':
      return month % 6 === 0 ? `${year}-H${month / 6}` : undefined;
    case 'month':
      return `${year}-M${mm}`;
  }
}
