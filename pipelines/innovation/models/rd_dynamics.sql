-- rd_dynamics: each indicator against a base year (Kireeva 2015, table 1, column
-- "2013 to 2009, %"; docs/methods.md 1.1).
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Formula: pct_of_base = x_r,t / x_r,base * 100.
-- Base year: getvariable('base_year'), or when that is NULL (the default) the
-- first year in which the indicator has a value for any territory. On the
-- paper's table this is 2009, and t = 2013 gives all 17 printed values
-- (Republic 341 / 416 = 81.97; Akmola 12 / 7 = 171.43).
--
-- Covers every annual figure without breakdowns of the pipeline's inputs
-- but GRP (an input only as the denominator of grp_shares), for the Republic
-- ('000000000') and the regions of the registry.
--
-- Edge cases (pct_of_base is NULL and `reason` says why):
-- * the territory has no figure for the base year (Turkestan, Shymkent before
--   2018; the base year lies before a new region existed);
-- * the base-year or the year's figure is not published (status x, -, na);
-- * the base-year figure is 0: division by zero gives NULL, never Infinity;
-- * the two figures refer to different land (same_territory): East
--   Kazakhstan on 2022 borders (without Abai) against its 1997 borders.
WITH obs AS (
  SELECT indicator, region_kato, year, value, status, unit, boundary_vintage
  FROM observations
  WHERE period_type = 'year' AND indicator <> 'grp'
    AND covers_all(industry) AND covers_all(partner) AND covers_all(product) AND covers_all(flow)
    AND region_kato IN (SELECT kato FROM regions)
),
base AS (
  SELECT indicator,
         coalesce(getvariable('base_year')::INTEGER, min(year) FILTER (WHERE value IS NOT NULL)) AS base_year
  FROM obs
  GROUP BY indicator
)
SELECT o.indicator, o.region_kato, b.base_year, o.year,
       o.value, bv.value AS base_value,
       CASE WHEN same_territory(o.region_kato, o.boundary_vintage, bv.boundary_vintage)
            THEN o.value / nullif(bv.value, 0) * 100 END AS pct_of_base,
       o.unit, o.boundary_vintage, bv.boundary_vintage AS base_boundary_vintage,
       CASE WHEN b.base_year IS NULL THEN 'the indicator has no value in any year'
            WHEN bv.region_kato IS NULL THEN 'no figure for the base year ' || b.base_year
            WHEN bv.value IS NULL THEN 'the base-year figure is not published (status ' || coalesce(bv.status, 'empty') || ')'
            WHEN o.value IS NULL THEN 'not published (status ' || coalesce(o.status, 'empty') || ')'
            WHEN NOT same_territory(o.region_kato, o.boundary_vintage, bv.boundary_vintage)
              THEN 'the base-year figure is on the ' || bv.boundary_vintage || ' borders, this one on the ' ||
                   o.boundary_vintage || ' borders, where the region covers other land'
            WHEN bv.value = 0 THEN 'the base-year figure is 0'
       END AS reason
FROM obs o
JOIN base b ON b.indicator = o.indicator
LEFT JOIN obs bv ON bv.indicator = o.indicator AND bv.region_kato = o.region_kato AND bv.year = b.base_year
