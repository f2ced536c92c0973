/**
 * Writes registry/countries.csv, the ISO 3166-1 country table partner codes
 * are checked against, from the npm package i18n-iso-countries (its codes and
 * its English, Russian and Kazakh names). Nobody types country codes by
 * hand; a test fails when the file and the package drift apart.
 *
 *   npx tsx scripts/countries.ts
 */

import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

interface Countries {
  registerLocale(locale: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  alpha2ToAlpha3(code: string): string | undefined;
  alpha2ToNumeric(code: string): string | undefined;
  getNames(lang: string, opts: { select: 'all' }): Record<string, string[]>;
}

export const COUNTRIES_SOURCE = 'i18n-iso-countries';

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV text: alpha2, alpha3, numeric, a name in en/ru/kk, and the package's other names (`|`-separated). */
export function countriesCsv(): { csv: string; version: string } {
  const lib = require(COUNTRIES_SOURCE) as Countries;
  const version = (require(`${COUNTRIES_SOURCE}/package.json`) as { version: string }).version;
  for (const lang of ['en', 'ru', 'kk'])
    lib.registerLocale(require(`${COUNTRIES_SOURCE}/langs/${lang}.json`));
  const names = Object.fromEntries(
    ['en', 'ru', 'kk'].map((lang) => [lang, lib.getNames(lang, { select: 'all' })]),
  ) as Record<'en' | 'ru' | 'kk', Record<string, string[]>>;
  const lines = ['alpha2,alpha3,numeric,name_en,name_ru,name_kk,other_names'];
  for (const alpha2 of Object.keys(lib.getAlpha2Codes()).sort()) {
    const [en = '', ...enOther] = names.en[alpha2] ?? [];
    const [ru = '', ...ruOther] = names.ru[alpha2] ?? [];
    const [kk = '', ...kkOther] = names.kk[alpha2] ?? [];
    const other = [...new Set([...enOther, ...ruOther, ...kkOther])].join('|');
    lines.push(
      [alpha2, lib.alpha2ToAlpha3(alpha2) ?? '', lib.alpha2ToNumeric(alpha2) ?? '', en, ru, kk, other]
        .map(csvField)
        .join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { csv, version } = countriesCsv();
  const file = fileURLToPath(new URL('../registry/countries.csv', import.meta.url));
  await writeFile(file, csv);
  console.log(`${file}: ${csv.split('\n').length - 2} countries from ${COUNTRIES_SOURCE} ${version}`);
}
