-- resolve: staged rows (as found in the files) -> `normalised` rows with
-- catalogue indicator, KATO region, typed period, catalogue unit and a list of
-- problems. Every problem of every row is collected, so a user fixes an
-- extract in one pass; the caller refuses the run if any row has one.
--
-- Edge cases:
-- * a value is a number with '.' decimals; '1 234', '1,5', 'inf', 'nan' are problems, not guesses;
-- * markers (x, -, …) become NULL with a status; an empty value needs a status;
-- * a unit converts to the catalogue unit when both measure the same dimension
--   (thousand tenge -> million tenge); a known unit of another dimension (a count
--   given for a percentage) is kept as stated, unconverted, for the
--   units_consistent check to refuse with region, period and value; a unit
--   nobody knows is a problem here;
-- * regions are found by KATO code, by Taldau/SDG/processed code, or by any
--   spelling the registry knows (fold_label); '741880' and '000000000' are the Republic;
-- * a trade partner is an ISO 3166-1 country (registry/countries.csv), given as
--   alpha-2 or alpha-3 and kept as alpha-3 so 'DE' and 'DEU' are one partner; any
--   other code is a problem, with a hint when it is a name the registry knows
--   ('UK', 'Germany', 'Россия') or close to one.
-- Needs: staged, period_map (built from the distinct period labels), indicators,
-- units, unit_aliases, region_aliases, regions, kato_classifier, partner_codes, partner_names.

CREATE OR REPLACE TABLE normalised AS
WITH s AS (
  SELECT *,
    fold_label(region_raw) AS region_key,
    fold_unit(unit_raw) AS unit_key,
    CASE WHEN value_num IS NULL THEN marker_status(value_raw) END AS marker,
    CASE WHEN value_num IS NOT NULL THEN value_num ELSE TRY_CAST(trim(value_raw) AS DOUBLE) END AS value_read,
    lower(nullif(trim(status_raw), '')) AS status_given
  FROM staged
),
-- Hints for partner codes that are not ISO 3166-1: an exact name match, else the
-- closest name (Jaro-Winkler >= 0.85; two- and three-letter codes are too short to guess from).
unknown_partner AS (
  SELECT DISTINCT partner_raw FROM s
  WHERE nullif(trim(partner_raw), '') IS NOT NULL
    AND upper(trim(partner_raw)) NOT IN (SELECT code FROM partner_codes)
),
partner_hint AS (
  SELECT partner_raw, alpha3 || ' (' || name_en || ')' AS hint FROM (
    SELECT *, row_number() OVER (PARTITION BY partner_raw ORDER BY score DESC, alpha3) AS k FROM (
      SELECT u.partner_raw, n.alpha3, n.name_en,
             CASE WHEN n.name_key = fold_country(u.partner_raw) THEN 1.0
                  ELSE jaro_winkler_similarity(n.name_key, fold_country(u.partner_raw)) END AS score
      FROM unknown_partner u CROSS JOIN partner_names n
      WHERE length(fold_country(u.partner_raw)) > 3 OR n.name_key = fold_country(u.partner_raw)))
  WHERE k = 1 AND score >= 0.85
),
r AS (
  SELECT s.*,
    coalesce(ind.id, sdg.id) AS indicator,
    coalesce(ind.unit, sdg.unit) AS catalogue_unit,
    coalesce(
      CASE WHEN regexp_full_match(trim(s.region_raw), '\d{9}')
                AND (trim(s.region_raw) IN (SELECT kato FROM regions) OR trim(s.region_raw) IN (SELECT kato FROM kato_classifier))
           THEN trim(s.region_raw) END,
      a.kato) AS region_kato,
    p.period, p.period_type, p.year, p.period_start, p.period_end,
    ua.unit AS source_unit,
    su.dimension AS source_dimension, su.factor AS source_factor,
    cu.dimension AS catalogue_dimension, cu.factor AS catalogue_factor,
    upper(nullif(trim(s.industry_raw), '')) AS industry,
    coalesce(pc.alpha3, upper(nullif(trim(s.partner_raw), ''))) AS partner,
    pc.alpha3 IS NOT NULL AS partner_known,
    ph.hint AS partner_hint,
    nullif(replace(trim(s.product_raw), '.', ''), '') AS product,
    lower(nullif(trim(s.flow_raw), '')) AS flow
  FROM s
  LEFT JOIN indicators ind ON ind.id = s.indicator_raw
  LEFT JOIN indicators sdg ON sdg.sdg <> '' AND 'sdg:' || sdg.sdg = s.indicator_raw
  LEFT JOIN (SELECT DISTINCT alias_key, kato FROM region_aliases) a ON a.alias_key = s.region_key
  LEFT JOIN period_map p ON p.period_raw = s.period_raw
  LEFT JOIN unit_aliases ua ON ua.alias_key = s.unit_key
  LEFT JOIN units su ON su.unit = ua.unit
  LEFT JOIN units cu ON cu.unit = coalesce(ind.unit, sdg.unit)
  LEFT JOIN partner_codes pc ON pc.code = upper(trim(s.partner_raw))
  LEFT JOIN partner_hint ph ON ph.partner_raw = s.partner_raw
)
SELECT
  source, locator, vintage, indicator_raw, region_raw, period_raw, value_raw, unit_raw, status_raw,
  indicator, region_kato, period, period_type, year, period_start, period_end,
  industry, partner, product, flow,
  CASE WHEN value_read IS NOT NULL AND isfinite(value_read)
       THEN CASE WHEN source_dimension = catalogue_dimension THEN value_read * source_factor / catalogue_factor ELSE value_read END
  END AS value,
  CASE WHEN source_dimension = catalogue_dimension THEN catalogue_unit ELSE coalesce(source_unit, catalogue_unit) END AS unit,
  CASE
    WHEN marker IS NOT NULL THEN marker
    WHEN value_read IS NOT NULL AND status_given = 'p' THEN 'p'
    WHEN value_read IS NULL AND status_given IN ('x', '-', 'na') THEN status_given
  END AS status,
  note,
  list_filter([
    CASE WHEN indicator IS NULL THEN
      CASE WHEN indicator_raw IS NULL THEN 'no indicator'
           WHEN indicator_raw LIKE 'sdg:%' THEN 'SDG series ' || substr(indicator_raw, 5) || ' is not in the catalogue (add a row with sdg=' || substr(indicator_raw, 5) || ' to a --catalog file)'
           ELSE 'unknown indicator ''' || indicator_raw || '''' END END,
    CASE WHEN region_kato IS NULL THEN
      CASE WHEN region_raw IS NULL THEN 'no region' ELSE 'unknown region ''' || region_raw || '''' END END,
    CASE WHEN period IS NULL THEN
      CASE WHEN period_raw IS NULL THEN 'no period'
           ELSE 'cannot read period ''' || period_raw || ''' (expected 2022, 2022-Q1, 2022-H1, 2022-M03 or 2022-YTD-Q3)' END END,
    CASE WHEN period_start > current_date THEN 'period ' || period || ' is in the future' END,
    CASE WHEN indicator IS NOT NULL AND unit_raw IS NULL THEN 'no unit (the catalogue unit of ' || indicator || ' is ''' || catalogue_unit || ''')'
         WHEN indicator IS NOT NULL AND source_unit IS NULL THEN 'unknown unit ''' || unit_raw || ''' (the catalogue unit of ' || indicator || ' is ''' || catalogue_unit || ''')' END,
    CASE
      WHEN value_num IS NULL AND value_raw IS NULL AND status_given IS NULL
        THEN 'no value: give a number, or leave it empty with a status (x confidential, - none, na not available)'
      WHEN value_num IS NULL AND value_raw IS NULL AND status_given NOT IN ('x', '-', 'na')
        THEN 'unknown status ''' || status_raw || ''' for an empty value (expected x, - or na)'
      WHEN value_num IS NULL AND value_raw LIKE '#%' THEN 'Excel error ''' || value_raw || ''' instead of a value'
      WHEN value_num IS NULL AND value_raw LIKE '=%' THEN 'a formula without a saved result (' || value_raw || '): formulas are never evaluated; save the workbook in Excel'
      WHEN value_raw IS NOT NULL AND marker IS NULL AND value_read IS NULL
        THEN 'value ''' || value_raw || ''' is not a number (use ''.'' for decimals and no thousands separators) or a marker (x, -, …)'
      WHEN value_read IS NOT NULL AND NOT isfinite(value_read) THEN 'value ''' || coalesce(value_raw, value_read::VARCHAR) || ''' is not a finite number'
      WHEN value_read IS NOT NULL AND status_given IS NOT NULL AND status_given <> 'p'
        THEN 'a value (' || coalesce(value_raw, value_read::VARCHAR) || ') and the status ''' || status_raw || ''' contradict each other'
    END,
    CASE WHEN industry IS NOT NULL AND NOT regexp_full_match(industry, '[A-U]|[A-U]-[A-U]|\d{2}(\.\d{1,2}){0,2}')
      THEN 'industry ''' || industry_raw || ''' is not an OKED section (A..U) or division (two digits)' END,
    CASE WHEN partner IS NOT NULL AND NOT partner_known
      THEN 'unknown partner ''' || partner_raw || ''': not an ISO 3166-1 alpha-2 or alpha-3 country code (registry/countries.csv)'
           || coalesce('; did you mean ' || partner_hint || '?', '') END,
    CASE WHEN product IS NOT NULL AND NOT regexp_full_match(product, '\d{2}|\d{4}|\d{6}|\d{8}|\d{10}')
      THEN 'product ''' || product_raw || ''' is not an HS code (2, 4, 6, 8 or 10 digits)' END,
    CASE WHEN flow IS NOT NULL AND flow NOT IN ('export', 'import')
      THEN 'flow ''' || flow_raw || ''' is neither export nor import' END
  ], x -> x IS NOT NULL) AS problems
FROM r;
