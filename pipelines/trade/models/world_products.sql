-- world_products: exports and imports by product with all partners together,
-- as the inputs give them (rows without partner) or, when an input gives
-- products only partner by partner, summed over partners at the HS chapter
-- level (value_source = 'sum of partners'). Chapter level because partners
-- may report at different depths (27 for one, 2709 and 2710 for another):
-- every partner's rows fall into exactly one chapter, so nothing counts twice.
-- A product group (a range of chapters such as 25-26) stays a group.
--
-- Source: no paper: data preparation (docs/methods.md section 3).
--
-- Edge cases:
-- * for a period and flow with any all-partner product row, those rows are used
--   and partner rows are not added to them;
-- * a sum with a NULL (confidential) part is marked complete = false.
WITH given AS (
  SELECT year, period, period_type, flow, product, value, status, 'published' AS value_source,
         value IS NOT NULL AS complete, true AS top_level
  FROM trade_flows f
  -- a month's figure of one product is a published figure, not a breakdown (product_flows)
  WHERE covers_all(partner) AND NOT covers_all(product) AND period_type <> 'month'
),
top AS (SELECT period, flow, product FROM product_flows WHERE covers_all(partner)),
derived AS (
  SELECT year, period, period_type, flow,
         CASE WHEN hs_is_range(product) THEN product ELSE left(product, 2) END AS product, sum(value) AS value,
         CASE WHEN count(value) = 0 THEN 'na' END AS status, 'sum of partners' AS value_source,
         count(value) = count(*) AS complete, true AS top_level
  FROM product_flows f
  WHERE NOT covers_all(partner)
    AND NOT EXISTS (SELECT 1 FROM given g WHERE g.period = f.period AND g.flow = f.flow)
  GROUP BY ALL
)
SELECT g.year, g.period, g.period_type, g.flow, g.product, g.value, g.status, g.value_source, g.complete,
       t.product IS NOT NULL AS top_level
FROM given g LEFT JOIN top t USING (period, flow, product)
UNION ALL
SELECT * FROM derived
