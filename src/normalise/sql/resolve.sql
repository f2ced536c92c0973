-- resolve: staged rows (as found in the files) -> `resolving`, a view of the
-- rows with catalogue indicator, KATO region, typed period and catalogue unit,
-- and for each check a flag saying whether the row fails it (`bad` if any does).
-- src/normalise/resolve-inputs.ts writes it once to a scratch Parquet file, which
-- the later steps read (`resolved`): a large extract is never held in memory.
-- src/normalise/sql/problems.sql words every problem of every flagged row, so a
-- user fixes an extract in one pass; the caller refuses the run if any row has one.
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
--   ('UK', 'Germany', 'Россия') or close to one;
-- * breakdown keys are never NULL (SDMX codes, as the BNS's SDG platform uses
--   them): a breakdown the row leaves empty is `_T`, the total over it (all
--   industries, the world as partner, all goods), where the indicator has
--   that breakdown (catalogue column `breakdowns`), and `_Z`, not applicable,
--   where it has not; a file may also write `_T` or `_Z` itself.
-- Needs: staged_all (what the files said), labels (its distinct labels), period_map (built from the distinct period labels), indicators,
-- units, unit_aliases, region_aliases, regions, kato_classifier, partner_codes, partner_names.

--
-- Labels are resolved once per distinct value (a few hundred regions, units,
-- indicators) into small lookup tables, and the rows are joined to them: the
-- folding and fuzzy matching never run per row of a ten-million-row extract.

CREATE OR REPLACE TEMP TABLE region_map AS
SELECT region_raw, nullif(trim(region_raw), '') AS region_label,
  coalesce(
    CASE WHEN regexp_full_match(trim(region_raw), '\d{9}')
              AND (trim(region_raw) IN (SELECT kato FROM regions) OR trim(region_raw) IN (SELECT kato FROM kato_classifier))
         THEN trim(region_raw) END,
    a.kato) AS region_kato
FROM (SELECT region_raw FROM labels WHERE kind = 'region') d
LEFT JOIN (SELECT DISTINCT alias_key, kato FROM region_aliases) a ON a.alias_key = fold_label(d.region_raw);

CREATE OR REPLACE TEMP TABLE indicator_unit_map AS
SELECT d.indicator_raw, d.unit_raw,
  coalesce(ind.id, sdg.id) AS indicator,
  coalesce(ind.unit, sdg.unit) AS catalogue_unit,
  string_split(coalesce(ind.breakdowns, sdg.breakdowns, ''), ' ') AS breakdowns,
  ua.unit AS source_unit,
  su.dimension AS source_dimension, su.factor AS source_factor,
  cu.dimension AS catalogue_dimension, cu.factor AS catalogue_factor
FROM (SELECT indicator_raw, unit_raw FROM labels WHERE kind = 'indicator_unit') d
LEFT JOIN indicators ind ON ind.id = trim(d.indicator_raw)
LEFT JOIN indicators sdg ON sdg.sdg <> '' AND 'sdg:' || sdg.sdg = trim(d.indicator_raw)
LEFT JOIN unit_aliases ua ON ua.alias_key = fold_unit(d.unit_raw)
LEFT JOIN units su ON su.unit = ua.unit
LEFT JOIN units cu ON cu.unit = coalesce(ind.unit, sdg.unit);

-- Hints for partner codes that are not ISO 3166-1: an exact name match, else the
-- closest name (Jaro-Winkler >= 0.85; two- and three-letter codes are too short to guess from).
CREATE OR REPLACE TEMP TABLE partner_map AS
WITH d AS (SELECT partner_raw FROM labels WHERE kind = 'partner' AND nullif(trim(partner_raw), '') IS NOT NULL),
hint AS (
  SELECT partner_raw, alpha3 || ' (' || name_en || ')' AS hint FROM (
    SELECT *, row_number() OVER (PARTITION BY partner_raw ORDER BY score DESC, alpha3) AS k FROM (
      SELECT u.partner_raw, n.alpha3, n.name_en,
             CASE WHEN n.name_key = fold_country(u.partner_raw) THEN 1.0
                  ELSE jaro_winkler_similarity(n.name_key, fold_country(u.partner_raw)) END AS score
      FROM d u CROSS JOIN partner_names n
      WHERE upper(trim(u.partner_raw)) NOT IN (SELECT code FROM partner_codes)
        AND (length(fold_country(u.partner_raw)) > 3 OR n.name_key = fold_country(u.partner_raw))))
  WHERE k = 1 AND score >= 0.85
)
SELECT d.partner_raw, coalesce(pc.alpha3, upper(trim(d.partner_raw))) AS partner,
       pc.alpha3 IS NOT NULL OR upper(trim(d.partner_raw)) IN ('_T', '_Z') AS partner_known, h.hint AS partner_hint
FROM d LEFT JOIN partner_codes pc ON pc.code = upper(trim(d.partner_raw)) LEFT JOIN hint h USING (partner_raw);

-- Breakdown codes, checked once per distinct value.
CREATE OR REPLACE TEMP TABLE breakdown_map AS
SELECT industry_raw, product_raw,
  upper(nullif(trim(industry_raw), '')) AS industry,
  CASE WHEN upper(trim(product_raw)) IN ('_T', '_Z') THEN upper(trim(product_raw))
       ELSE nullif(replace(trim(product_raw), '.', ''), '') END AS product,
  coalesce(regexp_full_match(upper(nullif(trim(industry_raw), '')), '[A-U]|[A-U]-[A-U]|\d{2}(\.\d{1,2}){0,2}|_T|_Z'), true) AS industry_ok,
  -- an HS code, a range of chapters such as 25-26 (a product group: WITS's '25-26_Minerals'), or _T / _Z
  coalesce(regexp_full_match(nullif(replace(trim(product_raw), '.', ''), ''), '\d{2}|\d{4}|\d{6}|\d{8}|\d{10}')
           OR (regexp_full_match(trim(product_raw), '\d{2}-\d{2}') AND left(trim(product_raw), 2) < right(trim(product_raw), 2))
           OR upper(trim(product_raw)) IN ('_T', '_Z'), true) AS product_ok
FROM (SELECT industry_raw, product_raw FROM labels WHERE kind = 'breakdown');

CREATE OR REPLACE TEMP VIEW resolving AS
WITH s AS (
  SELECT source, locator, vintage, indicator_raw, region_raw, period_raw, value_raw, value_num,
    unit_raw, flow_raw, partner_raw, industry_raw, product_raw, note,
    -- the cast trims spaces itself; the marker test runs only where it fails
    coalesce(value_num, TRY_CAST(value_raw AS DOUBLE)) AS value_read,
    lower(nullif(trim(status_raw), '')) AS status_given
  FROM staged_all
),
m AS (
  SELECT *,
    CASE WHEN value_read IS NULL AND value_num IS NULL THEN marker_status(value_raw) END AS marker,
    value_read IS NULL AND value_num IS NULL AND nullif(trim(value_raw), '') IS NULL AS value_blank
  FROM s
),
r AS (
  SELECT s.*, rm.region_kato, rm.region_label, p.period, p.period_type, p.year, p.period_start, p.period_end,
    iu.indicator, iu.catalogue_unit, iu.breakdowns, iu.source_unit, iu.source_dimension, iu.source_factor,
    iu.catalogue_dimension, iu.catalogue_factor,
    b.industry, b.industry_ok, b.product, b.product_ok,
    pm.partner, coalesce(pm.partner_known, true) AS partner_ok,
    CASE WHEN upper(trim(s.flow_raw)) IN ('_T', '_Z') THEN upper(trim(s.flow_raw))
         ELSE lower(nullif(trim(s.flow_raw), '')) END AS flow
  FROM m s
  LEFT JOIN region_map rm ON rm.region_raw IS NOT DISTINCT FROM s.region_raw
  LEFT JOIN period_map p ON p.period_raw = s.period_raw
  LEFT JOIN indicator_unit_map iu ON iu.indicator_raw IS NOT DISTINCT FROM s.indicator_raw AND iu.unit_raw IS NOT DISTINCT FROM s.unit_raw
  LEFT JOIN breakdown_map b ON b.industry_raw IS NOT DISTINCT FROM s.industry_raw AND b.product_raw IS NOT DISTINCT FROM s.product_raw
  LEFT JOIN partner_map pm ON pm.partner_raw = s.partner_raw
),
f AS (
  SELECT *,
    -- which value problem, if any (worded in problems.sql)
    CASE
      WHEN value_blank AND status_given IS NULL THEN 'no value'
      WHEN value_blank AND status_given NOT IN ('x', '-', 'na') THEN 'unknown status'
      WHEN value_num IS NULL AND value_raw LIKE '#%' THEN 'excel error'
      WHEN value_num IS NULL AND value_raw LIKE '=%' THEN 'formula'
      WHEN NOT value_blank AND marker IS NULL AND value_read IS NULL THEN 'not a number'
      WHEN value_read IS NOT NULL AND NOT isfinite(value_read) THEN 'not finite'
      WHEN value_read IS NOT NULL AND status_given IS NOT NULL AND status_given <> 'p' THEN 'contradiction'
    END AS value_issue,
    indicator IS NOT NULL AS indicator_ok,
    region_kato IS NOT NULL AS region_ok,
    period IS NOT NULL AS period_ok,
    coalesce(period_start <= current_date, true) AS not_future,
    indicator IS NULL OR (unit_raw IS NOT NULL AND source_unit IS NOT NULL) AS unit_ok,
    flow IS NULL OR flow IN ('export', 'import', '_T', '_Z') AS flow_ok
  FROM r
)
SELECT
  source, locator, vintage, indicator, region_kato, region_label, period, period_type, year, period_start, period_end,
  coalesce(industry, CASE WHEN list_contains(breakdowns, 'industry') THEN '_T' ELSE '_Z' END) AS industry,
  coalesce(partner, CASE WHEN list_contains(breakdowns, 'partner') THEN '_T' ELSE '_Z' END) AS partner,
  coalesce(product, CASE WHEN list_contains(breakdowns, 'product') THEN '_T' ELSE '_Z' END) AS product,
  coalesce(flow, CASE WHEN list_contains(breakdowns, 'flow') THEN '_T' ELSE '_Z' END) AS flow,
  CASE WHEN value_read IS NOT NULL AND isfinite(value_read)
       THEN CASE WHEN source_dimension = catalogue_dimension THEN value_read * source_factor / catalogue_factor ELSE value_read END
  END AS value,
  CASE WHEN source_dimension = catalogue_dimension THEN catalogue_unit ELSE coalesce(source_unit, catalogue_unit) END AS unit,
  CASE
    WHEN marker IS NOT NULL THEN marker
    WHEN value_read IS NOT NULL AND status_given = 'p' THEN 'p'
    WHEN value_read IS NULL AND status_given IN ('x', '-', 'na') THEN status_given
  END AS status,
  note, catalogue_unit,
  indicator_ok, region_ok, period_ok, not_future, unit_ok, value_issue, industry_ok, partner_ok, product_ok, flow_ok,
  NOT (indicator_ok AND region_ok AND period_ok AND not_future AND unit_ok AND value_issue IS NULL
       AND industry_ok AND partner_ok AND product_ok AND flow_ok) AS bad
FROM f;
