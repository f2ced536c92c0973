-- gva_national: the Republic's gross value added by OKED section and year,
-- the denominator of every national share (an internal table).
--
-- Source: no paper: data preparation (docs/methods.md section 0).
--
-- Edge cases:
-- docs/methods.md section 0: national figures come from the published Republic
-- row. Only for a year without any Republic row (a user's extract of some
-- regions) is it derived as the sum of the regions, and `derived` says so.
-- The sum is over the regions of the year's newest boundary vintage only
-- (South Kazakhstan 2011-2017 beside the recalculated Turkestan and Shymkent
-- would count twice), and is NULL if any of them has no figure (a
-- confidential cell makes the sum unknown, not smaller).
-- `status` is the status of the Republic's cell ('x' confidential, ...), so
-- location_quotients.sql can say why a section has no national figure.
WITH s AS (SELECT * FROM gva_sections WHERE NOT placeholder),
published AS (
  SELECT year, industry, gva, status, false AS derived FROM s WHERE region_kato = '000000000'
),
regional AS (SELECT * FROM s WHERE region_kato <> '000000000'),
newest AS (SELECT year, max(boundary_vintage) AS vintage FROM regional GROUP BY year)
SELECT * FROM published
UNION ALL
SELECT r.year, r.industry, CASE WHEN count(*) = count(r.gva) THEN sum(r.gva) END AS gva,
       CASE WHEN count(*) > count(r.gva) THEN 'x' END AS status, true AS derived
FROM regional r JOIN newest n ON n.year = r.year AND n.vintage = r.boundary_vintage
WHERE r.year NOT IN (SELECT year FROM published)
GROUP BY r.year, r.industry
