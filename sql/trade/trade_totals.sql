-- trade_totals: total exports and imports of the Republic per period, the
-- denominator of every share (METHODS.md section 3; section 0: national totals
-- come from the published figure, a derived one says so).
--
--   value_usd = the published total (an input row without partner and product)
--               or, when none is given, the sum over partners (partner_values),
--               or, without partners, the sum over products (product_flows)
--   total_source = 'published' | 'sum of partners' | 'sum of products'
--   difference_pct = (sum_of_partners / published - 1) * 100
--
-- The bundled BNS partner files carry no total row: their totals are the sum
-- of partners, and the run report says so (check totals_vs_published).
--
-- Edge cases:
-- * partners with a NULL value make the sum incomplete (`partners_without_value`);
-- * a published total of 0 gives difference_pct NULL, not Infinity.
WITH published AS (
  SELECT year, period, period_type, flow, value, status, source
  FROM trade_flows WHERE covers_all(partner) AND covers_all(product)
),
partners AS (
  SELECT year, period, period_type, flow, sum(value) AS total, count(*)::INTEGER AS partners,
         count(*) FILTER (WHERE value IS NULL)::INTEGER AS partners_without_value
  FROM partner_values GROUP BY year, period, period_type, flow
),
products AS (
  SELECT year, period, period_type, flow, sum(value) AS total
  FROM product_flows WHERE covers_all(partner) GROUP BY year, period, period_type, flow
),
keys AS (
  SELECT year, period, period_type, flow FROM published
  UNION SELECT year, period, period_type, flow FROM partners
  UNION SELECT year, period, period_type, flow FROM products
)
SELECT k.year, k.period, k.period_type, k.flow,
       coalesce(pub.value, pa.total, pr.total) AS value_usd,
       CASE WHEN pub.value IS NOT NULL THEN 'published'
            WHEN pa.total IS NOT NULL THEN 'sum of partners'
            WHEN pr.total IS NOT NULL THEN 'sum of products' END AS total_source,
       pub.value AS published_usd,
       pa.total AS sum_of_partners_usd,
       (pa.total / nullif(pub.value, 0) - 1) * 100 AS difference_pct,
       coalesce(pa.partners, 0) AS partners,
       coalesce(pa.partners_without_value, 0) AS partners_without_value,
       pub.source AS published_source
FROM keys k
LEFT JOIN published pub USING (year, period, period_type, flow)
LEFT JOIN partners pa USING (year, period, period_type, flow)
LEFT JOIN products pr USING (year, period, period_type, flow)
