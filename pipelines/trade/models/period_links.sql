-- period_links: for every period in the inputs, the previous period and the
-- same period a year earlier, for growth rates (the integration report 2020: "year on year or
-- period on same period": flour-milling exports to Russia +160.9 % in
-- January-September 2019 against January-September 2018).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
-- previous period: the period of the same type that ends the day before this
-- one starts (2022 -> 2021, 2022-Q1 -> 2021-Q4, 2022-M03 -> 2022-M02).
-- same period a year earlier: the same label one year back (2022-Q3 ->
-- 2021-Q3, 2022-YTD-Q3 -> 2021-YTD-Q3).
--
-- Edge cases:
-- * year-to-date periods have no previous period (January-June and
--   January-September overlap), only the year-earlier one;
-- * a period whose neighbour is not in the inputs gets NULL, and so do the
--   growth rates computed from it: a missing year is never read as zero;
-- * years and years to date summed from published months (published_totals)
--   are periods like any other.
WITH p AS (
  SELECT DISTINCT year, period, period_type, period_start, period_end
  FROM observations
  WHERE indicator IN ('exports', 'imports', 'production', 'world_exports', 'world_imports')
    AND region_kato = '000000000'
  UNION
  SELECT year, period, period_type, period_start, period_end FROM published_totals
)
SELECT c.year, c.period, c.period_type, c.period_start, c.period_end,
       prev.period AS previous_period, ago.period AS year_ago_period
FROM p c
LEFT JOIN p prev ON prev.period_type = c.period_type AND c.period_type <> 'ytd'
  AND prev.period_end = c.period_start - 1
LEFT JOIN p ago ON ago.period_type = c.period_type
  AND ago.period = (c.year - 1)::VARCHAR || substr(c.period, 5)
