-- partner_values: exports or imports with one partner, all goods. As
-- published (a partner row without product) or, where an input gives a
-- partner only by product, the sum of its product rows (product_flows, no
-- code counted twice), marked value_source = 'sum of products'.
--
-- Source: no paper: data preparation (docs/methods.md section 3).
--
-- Edge cases:
-- * a published value wins over a sum of products for the same partner;
-- * a sum that includes a NULL (confidential) product value is incomplete:
--   the known part is kept and `complete` is false; missing is never zero.
WITH direct AS (
  SELECT year, period, period_type, flow, partner, value, status, note, source,
         'published' AS value_source, value IS NOT NULL AS complete
  FROM trade_flows WHERE NOT covers_all(partner) AND covers_all(product)
),
from_products AS (
  SELECT year, period, period_type, flow, partner, sum(value) AS value,
         CASE WHEN count(value) = 0 THEN 'na' END AS status, NULL AS note,
         min(source) || ' and ' || (count(*) - 1) || ' more rows' AS source,
         'sum of products' AS value_source, count(value) = count(*) AS complete
  FROM product_flows f
  WHERE NOT covers_all(partner)
    AND NOT EXISTS (SELECT 1 FROM direct d WHERE d.period = f.period AND d.flow = f.flow AND d.partner = f.partner)
  GROUP BY year, period, period_type, flow, partner
)
SELECT * FROM direct
UNION ALL
SELECT * FROM from_products
