-- enterprise_demography: registered, opened and liquidated organisations by
-- region (x industry where given) and year (Taskarayeva et al. 2023: 514,907 registered on
-- 1 January 2023, +8 % or 37,703 in 2022; opened against liquidated by
-- region in mining, manufacturing and agriculture).
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   net_opened            = opened - liquidated
--   opened_per_liquidated = opened / liquidated
--   registered_change     = registered_t - registered_t-1
--   registered_growth_pct = (registered_t / registered_t-1 - 1) * 100
--
-- Edge cases: liquidated = 0 gives a NULL ratio, not Infinity; a missing
-- count stays NULL and so do the figures built on it; the change needs the
-- previous year on the same territory (macros.sql territory(): a region whose
-- land changed starts again, one whose land did not runs on across a boundary
-- reform); `industry` `_T` = all industries. Periods are as given (the BNS
-- counts registrations on 1 January: say so in the period you give).
-- No enterprise data in the inputs: no rows (the run report says so).
WITH o AS (
  SELECT region_kato, year, industry, boundary_vintage,
         max(value) FILTER (WHERE indicator = 'organisations_registered') AS registered,
         max(value) FILTER (WHERE indicator = 'organisations_opened') AS opened,
         max(value) FILTER (WHERE indicator = 'organisations_liquidated') AS liquidated
  FROM observations
  WHERE indicator IN ('organisations_registered', 'organisations_opened', 'organisations_liquidated')
    AND period_type = 'year'
  GROUP BY region_kato, year, industry, boundary_vintage
),
l AS (
  SELECT *, lag(registered) OVER w AS registered_previous, lag(year) OVER w AS previous_year
  FROM o WINDOW w AS (PARTITION BY territory(region_kato, boundary_vintage), industry ORDER BY year)
)
SELECT region_kato, year, industry, boundary_vintage, registered, opened, liquidated,
       opened - liquidated AS net_opened,
       opened / nullif(liquidated, 0) AS opened_per_liquidated,
       CASE WHEN previous_year = year - 1 THEN registered - registered_previous END AS registered_change,
       CASE WHEN previous_year = year - 1 THEN (registered / nullif(registered_previous, 0) - 1) * 100 END AS registered_growth_pct
FROM l
