/**
 * Period labels as statistics offices print them ("2008", "20232)", "1 quarter
 * of 2008", "I полугодие 2008 года", "9 месяцев 2008 года", "январь-май 2023")
 * turned into one typed notation (`2022`, `2022-Q1`, `2022-H1`, `2022-M03`,
 * `2022-YTD-Q3`, `2022-YTD-M05`).
 *
 * A period is a span of months inside one calendar year. Its canonical name is
 * the shortest that says exactly that span: January-June is `H1` whether the
 * source called it "first half-year" or "6 months, cumulative"; a January-based
 * span that is no quarter, half or year is year-to-date (`YTD-Q3` for nine
 * months, `YTD-Mmm` otherwise). Only distinct labels pass through here; the
 * join onto the data happens in DuckDB.
 */
export type PeriodType = 'year' | 'half' | 'quarter' | 'month' | 'ytd';

export interface Period {
  period: string;
  type: PeriodType;
  year: number;
  /** first and last month of the span, 1..12 */
  firstMonth: number;
  lastMonth: number;
  /** ISO dates of the span's first and last day */
  start: string;
  end: string;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

export function periodFromSpan(year: number, firstMonth: number, lastMonth: number): Period {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`year ${year}`);
  if (firstMonth < 1 || lastMonth > 12 || firstMonth > lastMonth) {
    throw new RangeError(`months ${firstMonth}-${lastMonth}`);
  }
  const months = lastMonth - firstMonth + 1;
  let period: string;
  let type: PeriodType;
  if (months === 12) {
    period = `${year}`;
    type = 'year';
  } else if (months === 6 && (firstMonth === 1 || firstMonth === 7)) {
    period = `${year}-H${firstMonth === 1 ? 1 : 2}`;
    type = 'half';
  } else if (months === 3 && firstMonth % 3 === 1) {
    period = `${year}-Q${(firstMonth + 2) / 3}`;
    type = 'quarter';
  } else if (months === 1) {
    period = `${year}-M${pad2(firstMonth)}`;
    type = 'month';
  } else if (firstMonth === 1) {
    period = lastMonth % 3 === 0 ? `${year}-YTD-Q${lastMonth / 3}` : `${year}-YTD-M${pad2(lastMonth)}`;
    type = 'ytd';
  } else {
    throw new RangeError(`months ${firstMonth}-${lastMonth} are not a quarter, half, month or year-to-date`);
  }
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    period,
    type,
    year,
    firstMonth,
    lastMonth,
    start: `${year}-${pad2(firstMonth)}-01`,
    end: `${year}-${pad2(lastMonth)}-${pad2(lastDay)}`,
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const MONTHS: Record<string, number> = {};
function months(names: string[]) {
  names.forEach((n, i) => {
    for (const form of n.split('|')) MONTHS[form] = i + 1;
  });
}
months([
  'january|jan',
  'february|feb',
  'march|mar',
  'april|apr',
  'may',
  'june|jun',
  'july|jul',
  'august|aug',
  'september|sep|sept',
  'october|oct',
  'november|nov',
  'december|dec',
]);
months([
  'январь|января|январе',
  'февраль|февраля|феврале',
  'март|марта|марте',
  'апрель|апреля|апреле',
  'май|мая|мае',
  'июнь|июня|июне',
  'июль|июля|июле',
  'август|августа|августе',
  'сентябрь|сентября|сентябре',
  'октябрь|октября|октябре',
  'ноябрь|ноября|ноябре',
  'декабрь|декабря|декабре',
]);
months([
  'қаңтар|қаңтардағы',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
]);

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};

function ordinal(token: string): number | undefined {
  const t = token.replace(/[-.]$/, '');
  if (/^\d$/.test(t)) return Number(t);
  return ROMAN[t] ?? ORDINAL_WORDS[t];
}

const QUARTER = '(?:quarter|qtr|квартал[а-я]*|тоқсан[а-яәіңғүұқөһ]*)';
const HALF = '(?:half-year|half year|half|полугоди[а-я]*|жарты жыл[а-яәіңғүұқөһ]*|жартыжылдық)';
const MONTHS_WORD = '(?:months|month|месяц[а-я]*|ай[а-яәіңғүұқөһ]*)';
const YEAR_WORD = '(?:года|год|гг|г|жылғы|жыл|year)';
const ORD = '(\\d|i{1,3}|iv|first|second|third|fourth|1st|2nd|3rd|4th)';

/**
 * Cleans a header label: lower case, footnote markers removed ("20232)" is
 * 2023 with footnote 2; "2023*" and "2023¹" likewise), spacing folded.
 */
export function cleanPeriodLabel(raw: string | number): string {
  let s = String(raw).normalize('NFKC').toLowerCase();
  s = s.replace(/[\u00b9\u00b2\u00b3\u2070-\u2079*]+/g, ' ');
  // a footnote number glued after a four-digit year: "20232)" -> "2023"
  s = s.replace(/((?:19|20)\d\d)\d{1,2}\)/g, '$1');
  s = s.replace(/\s\d{1,2}\)\s*$/, ' ');
  s = s.replace(/[\u00a0\s]+/g, ' ').trim();
  s = s.replace(/[.,;:]+$/, '').trim();
  return s;
}

/** Parses one label; `undefined` when it is not a period this parser knows. */
export function parsePeriod(raw: string | number): Period | undefined {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= MIN_YEAR && raw <= MAX_YEAR
      ? periodFromSpan(raw, 1, 12)
      : undefined;
  }
  const s = cleanPeriodLabel(raw);
  try {
    return parseClean(s);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

type Rule = [RegExp, (m: RegExpMatchArray) => Period | undefined];

const num = (x: string | undefined) => Number(x);
const word = '([a-zа-яёәіңғүұқөһ]+)';
const monthRange = (y: string | undefined, a: string | undefined, b: string | undefined) => {
  const first = MONTHS[a ?? ''];
  const last = MONTHS[b ?? ''];
  return first && last ? periodFromSpan(num(y), first, last) : undefined;
};
const singleMonth = (y: string | undefined, a: string | undefined) => {
  const m = MONTHS[a ?? ''];
  return m ? month(num(y), m) : undefined;
};

/** Tried in order; the first whose pattern matches the cleaned label decides. */
const RULES: Rule[] = [
  // the tidy notation itself
  [/^(\d{4})$/, (m) => periodFromSpan(num(m[1]), 1, 12)],
  [/^(\d{4})-q([1-4])$/, (m) => quarter(num(m[1]), num(m[2]))],
  [/^(\d{4})-h([12])$/, (m) => half(num(m[1]), num(m[2]))],
  [/^(\d{4})-m(\d{2})$/, (m) => month(num(m[1]), num(m[2]))],
  [/^(\d{4})-ytd-q([1-4])$/, (m) => periodFromSpan(num(m[1]), 1, num(m[2]) * 3)],
  [/^(\d{4})-ytd-h([12])$/, (m) => periodFromSpan(num(m[1]), 1, num(m[2]) * 6)],
  [/^(\d{4})-ytd-m(\d{2})$/, (m) => periodFromSpan(num(m[1]), 1, num(m[2]))],
  // ISO-like months: 2022-03, 2022.03, 03.2022
  [/^(\d{4})[-./](\d{1,2})$/, (m) => month(num(m[1]), num(m[2]))],
  [/^(\d{1,2})[-./](\d{4})$/, (m) => month(num(m[2]), num(m[1]))],
  // "2008 год", "2008 г", "2008 жыл", "year 2008"
  [new RegExp(`^(\\d{4}) ?${YEAR_WORD}$`), (m) => periodFromSpan(num(m[1]), 1, 12)],
  [/^year (\d{4})$/, (m) => periodFromSpan(num(m[1]), 1, 12)],
  // quarters: "1 quarter of 2008", "I квартал 2008 года", "2008 жылғы I тоқсан", "q1 2008"
  [
    new RegExp(`^${ORD}(?:-?й|-?ый|-?ой)? ${QUARTER}(?: of)? (\\d{4})(?: ${YEAR_WORD})?$`),
    (m) => quarter(num(m[2]), ordinal(m[1]!)),
  ],
  [
    new RegExp(`^(\\d{4})(?: ${YEAR_WORD})? ${ORD}(?:-?й|-?ый|-?ой)? ${QUARTER}$`),
    (m) => quarter(num(m[1]), ordinal(m[2]!)),
  ],
  [/^q([1-4]) (\d{4})$/, (m) => quarter(num(m[2]), num(m[1]))],
  // half-years: "1 half-year of 2008", "I полугодие 2008 года"
  [
    new RegExp(`^${ORD}(?:-?е|-?ое)? ${HALF}(?: of)? (\\d{4})(?: ${YEAR_WORD})?$`),
    (m) => half(num(m[2]), ordinal(m[1]!)),
  ],
  [
    new RegExp(`^(\\d{4})(?: ${YEAR_WORD})? ${ORD}(?:-?е|-?ое)? ${HALF}$`),
    (m) => half(num(m[1]), ordinal(m[2]!)),
  ],
  // cumulative months: "9 months of 2008", "9 месяцев 2008 года", "2008 жылғы 9 ай"
  [
    new RegExp(`^(\\d{1,2}) ${MONTHS_WORD}(?: of)? (\\d{4})(?: ${YEAR_WORD})?$`),
    (m) => periodFromSpan(num(m[2]), 1, num(m[1])),
  ],
  [
    new RegExp(`^(\\d{4})(?: ${YEAR_WORD})? (\\d{1,2}) ${MONTHS_WORD}$`),
    (m) => periodFromSpan(num(m[1]), 1, num(m[2])),
  ],
  // month ranges: "январь-май 2023", "January-March 2008", "2023 жылғы қаңтар-мамыр"
  [new RegExp(`^${word} ?[-–—] ?${word},? (\\d{4})(?: ${YEAR_WORD})?$`), (m) => monthRange(m[3], m[1], m[2])],
  [new RegExp(`^(\\d{4})(?: ${YEAR_WORD})? ${word} ?[-–—] ?${word}$`), (m) => monthRange(m[1], m[2], m[3])],
  // single months: "март 2023", "March 2023", "2023 жылғы наурыз"
  [new RegExp(`^${word},? (\\d{4})(?: ${YEAR_WORD})?$`), (m) => singleMonth(m[2], m[1])],
  [new RegExp(`^(\\d{4})(?: ${YEAR_WORD})? ${word}$`), (m) => singleMonth(m[1], m[2])],
];

function parseClean(s: string): Period | undefined {
  for (const [pattern, build] of RULES) {
    const m = s.match(pattern);
    if (m) return build(m);
  }
  return undefined;
}

function quarter(year: number, q: number | undefined): Period | undefined {
  if (!q || q < 1 || q > 4) return undefined;
  return periodFromSpan(year, q * 3 - 2, q * 3);
}

function half(year: number, h: number | undefined): Period | undefined {
  if (!h || h < 1 || h > 2) return undefined;
  return periodFromSpan(year, h * 6 - 5, h * 6);
}

function month(year: number, m: number): Period | undefined {
  if (m < 1 || m > 12) return undefined;
  return periodFromSpan(year, m, m);
}

/** "2009–2013, 2015" from a sorted list of years. */
export function yearRanges(years: number[]): string {
  const runs: [number, number][] = [];
  for (const y of years) {
    const last = runs.at(-1);
    if (last && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}
