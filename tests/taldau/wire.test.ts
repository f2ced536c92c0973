import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/sources/taldau/http.ts';
import { periodOfKey } from '../../src/sources/taldau/periods.ts';
import { sidecarPathOf } from '../../src/sources/taldau/store.ts';
import { sidecarSchema, splitJoined, treeResponse, validateBody } from '../../src/sources/taldau/wire.ts';

const response = 'data/raw/taldau/701189/GetIndexTreeData_701189_response.json';

describe('the wire schemas', () => {
  it('accept the verbatim Taldau answer and the request that produced it', async () => {
    const body = validateBody(await readFile(response), treeResponse, response);
    expect(body.ok).toBe(true);
    if (body.ok)
      expect(body.data.map((n) => [n.id, n.text, n.leaf])).toEqual([
        ['741880', 'РЕСПУБЛИКА КАЗАХСТАН', 'false'],
      ]);
    const request = JSON.parse(await readFile(sidecarPathOf(response)!, 'utf8'));
    expect(sidecarSchema.parse(request)).toMatchObject({
      index_id: '701189',
      method: 'POST',
      request_body: { p_period_id: '7' },
    });
  });

  it('name the field of a changed answer', async () => {
    const text = (await readFile(response, 'utf8'))
      .replace('"leaf":', '"isLeaf":')
      .replace('"y122020":"6334668832923.03"', '"y122020":6334668832923.03');
    const body = validateBody(text, treeResponse, 'f.json');
    expect(body.ok).toBe(false);
    if (!body.ok)
      expect(body.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
        'field [0].leaf: missing: the Taldau wire format has changed (a field renamed or dropped?)',
      ]);
    const numbers = validateBody(text.replace('"isLeaf":', '"leaf":'), treeResponse, 'f.json');
    if (!numbers.ok)
      expect(numbers.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
        'field [0].y122020: expected a string value, found number (the Taldau wire format has changed?)',
      ]);
    expect(numbers.ok).toBe(false);
  });

  it('notice value keys renamed away', () => {
    const body = validateBody(
      '[{"id":"1","text":"a","leaf":"true","122020":"883","v122020":"5"}]',
      treeResponse,
      'f.json',
    );
    expect(body.ok).toBe(false);
    if (!body.ok)
      expect(body.problems[0]!.message).toMatch(/period ids \(MMYYYY keys\) but no yMMYYYY value keys/);
  });

  it('split multi-valued segment fields on +, , and /', () => {
    expect(splitJoined('67 + 915')).toEqual(['67', '915']);
    expect(splitJoined('741880,741885')).toEqual(['741880', '741885']);
    expect(splitJoined('Регионы/Виды')).toEqual(['Регионы', 'Виды']);
  });
});

describe('value keys to periods', () => {
  // period type, key month, year -> period (undefined: that key ends no such period)
  const table: [string, number, number, string | undefined][] = [
    ['7', 12, 2020, '2020'],
    ['7', 6, 2020, undefined],
    ['16', 12, 2020, '2020'],
    ['5', 3, 2021, '2021-Q1'],
    ['5', 12, 2021, '2021-Q4'],
    ['5', 5, 2021, undefined],
    ['9', 9, 2021, '2021-YTD-M09'],
    ['6', 6, 2022, '2022-H1'],
    ['6', 12, 2022, '2022-H2'],
    ['4', 2, 2023, '2023-M02'],
    ['8', 5, 2023, '2023-YTD-M05'],
    ['10', 6, 2023, undefined],
    ['7', 13, 2023, undefined],
  ];
  it.each(table)('type %s, month %i of %i -> %s', (type, month, year, period) => {
    expect(periodOfKey(type, month, year)).toBe(period);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
