import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/periods.ts';

const p = (label: string | number) => parsePeriod(label)?.period;

describe('parsePeriod', () => {
  it('reads the tidy notation', () => {
    expect(p('2022')).toBe('2022');
    expect(p('2022-Q1')).toBe('2022-Q1');
    expect(p('2022-H2')).toBe('2022-H2');
    expect(p('2022-M03')).toBe('2022-M03');
    expect(p('2022-YTD-Q3')).toBe('2022-YTD-Q3');
    expect(p('2022-YTD-M05')).toBe('2022-YTD-M05');
  });

  it('names a span by its shortest exact name', () => {
    // January-March is the first quarter, January-June the first half-year
    expect(p('2022-YTD-Q1')).toBe('2022-Q1');
    expect(p('2022-YTD-Q2')).toBe('2022-H1');
    expect(p('2022-YTD-Q4')).toBe('2022');
  });

  it('reads numbers and year words, with footnote markers', () => {
    expect(p(2008)).toBe('2008');
    expect(p('20232)')).toBe('2023');
    expect(p('2023*')).toBe('2023');
    expect(p('2008 год')).toBe('2008');
    expect(p('2008 г.')).toBe('2008');
    expect(p('2008 жыл')).toBe('2008');
    expect(p(' 2008 ')).toBe('2008');
  });

  it('reads the English BNS headers (year-to-date columns)', () => {
    expect(p('1 quarter of 2008')).toBe('2008-Q1');
    expect(p('1 half-year of 2008')).toBe('2008-H1');
    expect(p('9 months of 2008')).toBe('2008-YTD-Q3');
    expect(parsePeriod('9 months of 2008')).toMatchObject({
      type: 'ytd',
      start: '2008-01-01',
      end: '2008-09-30',
    });
  });

  it('reads the Russian and Kazakh headers', () => {
    expect(p('I квартал 2008 года')).toBe('2008-Q1');
    expect(p('III квартал 2008 г.')).toBe('2008-Q3');
    expect(p('I полугодие 2008 года')).toBe('2008-H1');
    expect(p('9 месяцев 2008 года')).toBe('2008-YTD-Q3');
    expect(p('январь-май 2023 года')).toBe('2023-YTD-M05');
    expect(p('январь-март 2023')).toBe('2023-Q1');
    expect(p('март 2023')).toBe('2023-M03');
    expect(p('March 2023')).toBe('2023-M03');
    expect(p('2023 жылғы қаңтар-маусым')).toBe('2023-H1');
    expect(p('2023 жылғы I тоқсан')).toBe('2023-Q1');
  });

  it('types periods and gives their first and last day', () => {
    expect(parsePeriod('2024-M02')).toMatchObject({ type: 'month', start: '2024-02-01', end: '2024-02-29' });
    expect(parsePeriod('2022-Q4')).toMatchObject({ type: 'quarter', year: 2022, end: '2022-12-31' });
    expect(parsePeriod('2022')).toMatchObject({ type: 'year', start: '2022-01-01', end: '2022-12-31' });
  });

  it('refuses what is not a period', () => {
    for (const bad of [
      '',
      'Republic of Kazakhstan',
      '2022-Q5',
      '2022-M13',
      '5 quarter of 2008',
      '1850',
      'mln.tenge',
      '13.2022',
    ])
      expect(p(bad), bad).toBeUndefined();
  });
});
