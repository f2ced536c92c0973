-- rating_figures: every figure of a rating indicator for a region and year,
-- and whether the rating can use it (Kireeva 2015, table 2; docs/methods.md 1.2
-- step 1).
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
-- `value_used` is the figure the rating uses, NULL where it cannot; treatment
-- (rating_treatment.sql) and normalisation (rating_inputs.sql) start from it.
-- Values are used as published: counts as counts, ratios as ratios.
--
-- Edge cases:
-- * a value that is not published (NULL with status x, -, na) is missing, not
--   zero: it is never used;
-- * the Republic row ('000000000') is not a region: it never enters the
--   rating; nor do district-level codes;
-- * shares of GRP that no source publishes are computed from the money
--   figures and GRP (grp_shares.sql); their `source` names both cells;
-- * an indicator counts only in the years of its row in rating_indicators:
--   tech_innovation_expenditure_pct_grp up to 2021, innovation_expenditure_pct_grp
--   from 2022 (the BNS's change of measure); a figure of the other one is
--   listed, not used, with the reason;
-- * one year's rating is on one set of borders, the newest boundary vintage
--   any of its figures is on (2021: R&D expenditure is published for Abai,
--   Zhetisu and Ulytau, so 2022 borders). A figure on older borders is used
--   only where its region covers the same land on both (same_territory);
--   researchers per million of East Kazakhstan on 2018 borders is not mixed
--   with its R&D expenditure on 2022 borders. `reason` says why a figure is
--   not used.
WITH figures AS (
  SELECT o.region_kato, o.year, o.indicator, o.value, o.status, o.unit, o.boundary_vintage, o.source
  FROM observations o
  WHERE o.period_type = 'year'
    AND covers_all(o.industry) AND covers_all(o.partner) AND covers_all(o.product) AND covers_all(o.flow)
  UNION ALL
  -- shares of GRP computed from the money figures where no source publishes them (grp_shares.sql)
  SELECT region_kato, year, indicator, value, status, unit, boundary_vintage, source
  FROM grp_shares WHERE used_by_rating
),
obs AS (
  SELECT f.*, ri."group", ri.position, ri.slot,
         f.year BETWEEN coalesce(ri.from_year, f.year) AND coalesce(ri.to_year, f.year) AS in_force,
         m.indicator AS measure_in_force
  FROM figures f
  JOIN rating_indicators ri ON ri.indicator = f.indicator
  LEFT JOIN rating_indicators m ON m.position = ri.position
    AND f.year BETWEEN coalesce(m.from_year, f.year) AND coalesce(m.to_year, f.year)
  WHERE f.region_kato IN (SELECT kato FROM regions WHERE kato <> '000000000')
),
year_borders AS (
  SELECT year, max(boundary_vintage) AS rating_vintage FROM obs GROUP BY year
),
judged AS (
  SELECT obs.*, y.rating_vintage,
         same_territory(obs.region_kato, obs.boundary_vintage, y.rating_vintage) AS same_land
  FROM obs JOIN year_borders y USING (year)
),
usable AS (
  SELECT *, CASE WHEN same_land AND in_force THEN value END AS value_used FROM judged
)
SELECT u.region_kato, u.year, u.indicator, u."group", u.position,
       u.value, u.status, u.unit, u.boundary_vintage, u.rating_vintage,
       u.value_used IS NOT NULL AS used, u.value_used,
       CASE WHEN NOT u.in_force
              THEN 'in ' || u.year || ' the ' || u."group" || ' group''s ' || u.slot || ' measure is ' ||
                   coalesce(u.measure_in_force, 'none') || ' (the BNS changed it with its 2022 survey)'
            WHEN u.value IS NULL
              THEN 'not published (status ' || coalesce(u.status, 'empty') || ')'
            WHEN NOT u.same_land
              THEN 'on the ' || u.boundary_vintage || ' borders, while the ' || u.year ||
                   ' rating is on the ' || u.rating_vintage || ' borders, where this region covers other land'
       END AS reason,
       u.source
FROM usable u
