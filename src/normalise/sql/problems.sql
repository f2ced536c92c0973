-- problems: every problem of every row that resolve.sql flagged, in words a
-- user can act on: what was found, and what was expected (with the closest
-- known names for an unknown region or partner). Only flagged rows are
-- looked at (`bad_rows`, with every check's flag), joined back to what the
-- file said (staged_all) by file and row.
CREATE OR REPLACE TEMP TABLE region_hints AS
WITH unknown AS (SELECT DISTINCT region_label AS region_raw FROM bad_rows WHERE NOT region_ok AND region_label IS NOT NULL),
scored AS (
  SELECT u.region_raw, r.name_en || ' (' || r.kato || ')' AS name,
         max(jaro_winkler_similarity(fold_label(u.region_raw), a.alias_key)) AS score
  FROM unknown u CROSS JOIN region_aliases a JOIN regions r ON r.kato = a.kato
  GROUP BY ALL),
ranked AS (SELECT *, row_number() OVER (PARTITION BY region_raw ORDER BY score DESC, name) AS n FROM scored)
SELECT region_raw, string_agg(name, ', ' ORDER BY n) AS hint FROM ranked WHERE n <= 3 AND score >= 0.8 GROUP BY region_raw;

CREATE OR REPLACE TEMP TABLE row_problems AS
SELECT n.source, n.locator, unnest(list_filter([
    CASE WHEN NOT n.indicator_ok THEN
      CASE WHEN s.indicator_raw IS NULL THEN 'no indicator'
           WHEN s.indicator_raw LIKE 'sdg:%' THEN 'SDG series ' || substr(s.indicator_raw, 5) || ' is not in the catalogue (add a row with sdg=' || substr(s.indicator_raw, 5) || ' to a --catalog file)'
           ELSE 'unknown indicator ''' || s.indicator_raw || '''' END END,
    CASE WHEN NOT n.region_ok THEN
      CASE WHEN n.region_label IS NULL THEN 'no region'
           ELSE 'unknown region ''' || n.region_label || '''' || coalesce('; did you mean ' || h.hint || '?', '') END END,
    CASE WHEN NOT n.period_ok THEN
      CASE WHEN s.period_raw IS NULL THEN 'no period'
           ELSE 'cannot read period ''' || s.period_raw || ''' (expected 2022, 2022-Q1, 2022-H1, 2022-M03 or 2022-YTD-Q3)' END END,
    CASE WHEN NOT n.not_future THEN 'period ' || n.period || ' is in the future' END,
    CASE WHEN NOT n.unit_ok THEN
      CASE WHEN s.unit_raw IS NULL THEN 'no unit (the catalogue unit of ' || n.indicator || ' is ''' || n.catalogue_unit || ''')'
           ELSE 'unknown unit ''' || s.unit_raw || ''' (the catalogue unit of ' || n.indicator || ' is ''' || n.catalogue_unit || ''')' END END,
    CASE n.value_issue
      WHEN 'no value' THEN 'no value: give a number, or leave it empty with a status (x confidential, - none, na not available)'
      WHEN 'unknown status' THEN 'unknown status ''' || s.status_raw || ''' for an empty value (expected x, - or na)'
      WHEN 'excel error' THEN 'Excel error ''' || s.value_raw || ''' instead of a value'
      WHEN 'formula' THEN 'a formula without a saved result (' || s.value_raw || '): formulas are never evaluated; save the workbook in Excel'
      WHEN 'not a number' THEN 'value ''' || s.value_raw || ''' is not a number (use ''.'' for decimals and no thousands separators) or a marker (x, -, …)'
      WHEN 'not finite' THEN 'value ''' || coalesce(s.value_raw, s.value_num::VARCHAR) || ''' is not a finite number'
      WHEN 'contradiction' THEN 'a value (' || coalesce(s.value_raw, s.value_num::VARCHAR) || ') and the status ''' || s.status_raw || ''' contradict each other'
    END,
    CASE WHEN NOT n.industry_ok THEN 'industry ''' || s.industry_raw || ''' is not an OKED section (A..U) or division (two digits)' END,
    CASE WHEN NOT n.partner_ok THEN 'unknown partner ''' || s.partner_raw || ''': not an ISO 3166-1 alpha-2 or alpha-3 country code (registry/countries.csv)'
           || coalesce('; did you mean ' || pm.partner_hint || '?', '') END,
    CASE WHEN NOT n.product_ok THEN 'product ''' || s.product_raw || ''' is not an HS code (2, 4, 6, 8 or 10 digits) or a range of chapters such as 25-26' END,
    CASE WHEN NOT n.flow_ok THEN 'flow ''' || s.flow_raw || ''' is neither export nor import' END
  ], x -> x IS NOT NULL)) AS problem,
  TRY_CAST(regexp_extract(n.locator, '^row (\d+)$', 1) AS INTEGER) AS line
FROM bad_rows n
JOIN staged_all s ON s.source = n.source AND s.locator = n.locator
LEFT JOIN region_hints h ON h.region_raw = n.region_label
LEFT JOIN partner_map pm ON pm.partner_raw = s.partner_raw
WHERE n.bad;
