import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { countriesCsv } from '../../scripts/countries.ts';
import { fromRoot } from '../../src/core/paths.ts';

describe('registry/countries.csv', () => {
  it('is exactly what scripts/countries.ts makes from i18n-iso-countries (nobody edits it by hand)', async () => {
    const { csv } = countriesCsv();
    expect(await readFile(fromRoot('registry', 'countries.csv'), 'utf8')).toBe(csv);
  });

  it('holds ISO 3166-1 codes with Russian and Kazakh names', () => {
    const lines = countriesCsv().csv.trim().split('\n');
    expect(lines.length - 1).toBe(250);
    expect(lines).toContain('KZ,KAZ,398,Kazakhstan,Казахстан,Қазақстан,');
    expect(lines.find((l) => l.startsWith('GB,'))).toMatch(/^GB,GBR,826,United Kingdom,Великобритания,/);
  });
});
