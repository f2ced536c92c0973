-- published_totals: the totals of a year (and of a year so far) from a
-- monthly series the BNS publishes: total exports and imports, and exports
-- of one product (crude oil, HS 2709). National totals come from the
-- published figure; the BNS publishes goods trade month by month, and a
-- year's total is the sum of its months.
--
-- Source: no paper: data preparation (docs/methods.md section 0).
--
--   year total    = sum of the 12 months, when all 12 are given
--   year to date  = sum of January .. the last month before the first gap,
--                   for a year that has fewer than 12 months (the current
--                   year; or a year with a month missing in the source, such
--                   as crude oil in September 2022: 2022-YTD-M08, no 2022)
--   months        = how many months were summed
--
-- Edge cases:
-- * a month with a NULL value (confidential) makes the sum unknown: no row;
-- * a total of all goods that an input gives directly for the year is not
--   derived again (the input's figure wins); a product's figure is always
--   derived: it is compared with the product data (trade_by_product), never
--   added to them;
-- * rows with a partner are not totals and are not used here.
WITH m AS (
  SELECT year, flow, product, month(period_start) AS month, value, source
  FROM trade_flows
  WHERE period_type = 'month' AND covers_all(partner)
),
y AS (
  -- the last month before the first gap: January .. run_to are all given
  SELECT year, flow, product,
         coalesce(list_min(list_filter(range(1, 13), k -> NOT list_contains(list(month), k))) - 1, 12) AS run_to
  FROM m GROUP BY year, flow, product
),
spans AS (
  SELECT y.year, y.flow, y.product, y.run_to,
         sum(m.value) AS value, count(m.value) AS known, count(*) AS months,
         arg_min(m.source, m.month) AS first_source, arg_max(m.source, m.month) AS last_source
  FROM y JOIN m ON m.year = y.year AND m.flow = y.flow AND m.product IS NOT DISTINCT FROM y.product
              AND m.month <= y.run_to
  WHERE y.run_to >= 1
  GROUP BY y.year, y.flow, y.product, y.run_to
),
p AS (
  SELECT year,
         CASE WHEN run_to = 12 THEN year::VARCHAR
              WHEN run_to = 3 THEN year || '-Q1'
              WHEN run_to = 6 THEN year || '-H1'
              WHEN run_to = 9 THEN year || '-YTD-Q3'
              ELSE year || '-YTD-M' || lpad(run_to::VARCHAR, 2, '0') END AS period,
         CASE WHEN run_to = 12 THEN 'year' WHEN run_to = 3 THEN 'quarter' WHEN run_to = 6 THEN 'half'
              ELSE 'ytd' END AS period_type,
         make_date(year, 1, 1) AS period_start,
         last_day(make_date(year, run_to, 1)) AS period_end,
         flow, product, value, months::INTEGER AS months,
         split_part(first_source, '#', 1) || ' ' || split_part(first_source, '#', 2) || ' to ' ||
           split_part(last_source, '#', 2) || ' (sum of ' || months || ' months)' AS source
  FROM spans WHERE known = months
)
SELECT p.* FROM p
ANTI JOIN trade_flows d ON d.period = p.period AND d.flow = p.flow AND covers_all(d.partner) AND covers_all(d.product)
  AND covers_all(p.product)
