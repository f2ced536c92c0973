-- severity: warn
-- republic_vs_regions: for additive indicators, the Republic row a source
-- publishes against the sum of its regions on the same boundary vintage (so
-- South Kazakhstan is never added to Turkestan and Shymkent). docs/methods.md
-- section 0: a difference over 0.5 % is reported, never silently "fixed";
-- the published total stays the national figure. Counts must add up
-- exactly: Kireeva 2015, table 1, 2009 has regions summing to 418 R&D
-- organisations against 416 in the Republic row, only 0.48 % apart but two
-- organisations that exist in one total and not in the other.
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Only the registry's regions (the Republic is one of them) are read on, filtered in the scan
-- (registry_regions, src/normalise/reference.ts): a district-level extract is mostly other rows, and
-- taking the file out of every row's source took four fifths of the check's time.
WITH obs AS (
  SELECT o.*, split_part(o.source, '#', 1) AS file
  FROM observations o JOIN indicators i ON i.id = o.indicator
  WHERE i.additive AND o.value IS NOT NULL AND list_contains(getvariable('registry_regions'), o.region_kato)
),
republic AS (SELECT * FROM obs WHERE region_kato = '000000000'),
regional AS (
  SELECT file, indicator, period, industry, partner, product, flow, boundary_vintage,
         sum(value) AS total, count(*) AS n
  FROM obs
  WHERE region_kato <> '000000000'
  GROUP BY ALL
)
SELECT r.indicator || ' ' || r.period ||
       concat_ws('', ' industry ' || nullif(r.industry, '_Z'), ' partner ' || nullif(r.partner, '_Z'), ' product ' || nullif(r.product, '_Z'), ' flow ' || nullif(r.flow, '_Z')) ||
       ' (' || r.file || '): the Republic row says ' || fmt_num(r.value) || ', its ' || g.n || ' regions sum to ' || fmt_num(round(g.total, 6)) ||
       ' (' || round((g.total / r.value - 1) * 100, 2) || ' %)' AS message
FROM republic r
JOIN regional g ON g.file = r.file AND g.indicator = r.indicator AND g.period = r.period
  AND g.boundary_vintage = r.boundary_vintage
  AND g.industry IS NOT DISTINCT FROM r.industry AND g.partner IS NOT DISTINCT FROM r.partner
  AND g.product IS NOT DISTINCT FROM r.product AND g.flow IS NOT DISTINCT FROM r.flow
WHERE r.value <> 0 AND (abs(g.total / r.value - 1) > 0.005 OR (r.unit = 'count' AND g.total <> r.value))
ORDER BY r.indicator, r.period
