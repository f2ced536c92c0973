-- trade_totals: total exports and imports of the Republic per period, the
-- denominator of every share (docs/methods.md section 3; section 0: national totals
-- come from the published figure, a derived one says so).
--
-- Source: no paper: the published totals (docs/methods.md sections 0 and 3).
--
--   value_usd = the published total: an input row without partner and
--               product, or the sum of the published months of the period
--               (published_totals: the BNS's monthly series);
--               when none is published, the larger of the sum over partners
--               (partner_values) and the sum over products (product_flows,
--               all-partner rows): each adds up parts of the whole that do
--               not overlap, so each can fall short of the total but not
--               exceed it, and the larger is the closer (a download of
--               exports to China alone is no total of exports)
--   total_source = 'published' | 'sum of partners' | 'sum of products'
--   difference_pct = (sum_of_partners / published - 1) * 100
--   partner_coverage_pct = sum_of_partners / value_usd * 100: how much of the
--               total the partner rows account for (blocs add partners up)
--
-- The bundled BNS partner files carry no total row; the BNS's monthly totals
-- (2019-2025) give the published total of each year.
--
-- Edge cases:
-- * partners with a NULL value make the sum incomplete (`partners_without_value`);
-- * a published total of 0 gives difference_pct NULL, not Infinity;
-- * only all-goods totals (no product) are totals here; a product's
--   published figure is compared in trade_by_product.
WITH published AS (
  SELECT year, period, period_type, flow, value, status, source
  FROM trade_flows WHERE covers_all(partner) AND covers_all(product)
  UNION ALL
  SELECT year, period, period_type, flow, value, NULL, source
  FROM published_totals WHERE covers_all(product)
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
),
t AS (
  SELECT k.year, k.period, k.period_type, k.flow,
         CASE WHEN pub.value IS NOT NULL THEN 'published'
              WHEN pa.total IS NOT NULL AND (pr.total IS NULL OR pa.total >= pr.total) THEN 'sum of partners'
              WHEN pr.total IS NOT NULL THEN 'sum of products' END AS total_source,
         pub.value AS published_usd, pa.total AS sum_of_partners_usd, pr.total AS sum_of_products_usd,
         pa.partners, pa.partners_without_value, pub.source AS published_source
  FROM keys k
  LEFT JOIN published pub USING (year, period, period_type, flow)
  LEFT JOIN partners pa USING (year, period, period_type, flow)
  LEFT JOIN products pr USING (year, period, period_type, flow)
)
SELECT year, period, period_type, flow,
       CASE total_source WHEN 'published' THEN published_usd WHEN 'sum of partners' THEN sum_of_partners_usd
            ELSE sum_of_products_usd END AS value_usd,
       total_source, published_usd, sum_of_partners_usd,
       (sum_of_partners_usd / nullif(published_usd, 0) - 1) * 100 AS difference_pct,
       sum_of_partners_usd / nullif(CASE total_source WHEN 'published' THEN published_usd
         WHEN 'sum of partners' THEN sum_of_partners_usd ELSE sum_of_products_usd END, 0) * 100 AS partner_coverage_pct,
       coalesce(partners, 0) AS partners,
       coalesce(partners_without_value, 0) AS partners_without_value,
       published_source
FROM t
