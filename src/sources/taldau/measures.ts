/**
 * The measure (`p_measure_id`) Taldau answers a tree request for, per index,
 * where public client code shows it: Taldau answers 500 to a wrong one, and
 * its attributes answer does not say which is right in any field this
 * project has seen. Indices not listed are asked with 1 (the index in its own
 * unit, docs/taldau.md); `kzstat pull --measure` overrides.
 */
const BNS_FETCHERS = 'makenerzhan-gif/kazakhstan-economic-data, scripts/fetchers/bns.py';

export const KNOWN_MEASURES: Record<string, { measure: string; source: string }> = {
  // fetch_gdp_real: "p_measure_id=7 and p_dicIds=67", captured from the web app.
  '2979005': { measure: '7', source: `${BNS_FETCHERS} (commit 4384ebd4), fetch_gdp_real` },
  // fetch_gdp_per_capita: the shared annual fetcher's default, measure 7.
  '2709380': { measure: '7', source: `${BNS_FETCHERS} (commit 4384ebd4), fetch_gdp_per_capita` },
  // fetch_population_bns: measure 23 (persons), dictionaries 67,749,576,1433.
  '703834': { measure: '23', source: `${BNS_FETCHERS} (an earlier version), fetch_population_bns` },
  // The verbatim request in data/raw/taldau/701189/.
  '701189': { measure: '1', source: 'data/raw/taldau/701189/GetIndexTreeData_701189_request.json' },
};

export function measureFor(index: string): string {
  return KNOWN_MEASURES[index]?.measure ?? '1';
}
