-- product_coverage: how much of the published total the goods given by
-- product account for, per period and flow, for all partners together
-- (partner = '_T') and for each partner whose total is published (the BNS
-- partner files). Product data from UN Comtrade fall short of the BNS's
-- totals in some years (Kazakhstan 2020: 88 % of exports, 57 % of imports:
-- copper and machinery largely missing), and a share or a sum over products
-- of such a year is not the year's: every table built on products carries
-- this coverage and the flag `complete`.
--
-- Source: no paper: a measure of how far product data reach (docs/methods.md section 3).
--
--   products_usd = sum of the top-level product rows (nothing counted twice)
--   published_usd = the published total (trade_totals, total_source
--                   'published'; for a partner, its published value)
--   product_coverage_pct = products_usd / published_usd * 100
--   complete     = product_coverage_pct >= 100 - coverage_tolerance_pct
--                  (parameter, default 2) and no product value is NULL
--
-- Edge cases:
-- * no published total (a sum of partners or of products is no test of the
--   products): coverage and complete are NULL, with the reason;
-- * products above the total (another vintage of the data) are not short:
--   complete, and named by the check product_coverage beyond the tolerance;
-- * a NULL (confidential) product value: complete = false.
WITH world AS (
  SELECT w.year, w.period, w.period_type, w.flow, '_T' AS partner,
         sum(w.value) AS products_usd, bool_and(w.complete) AS values_known,
         max(t.published_usd) AS published_usd
  FROM world_products w
  LEFT JOIN trade_totals t ON t.period = w.period AND t.flow = w.flow
  WHERE w.top_level
  GROUP BY ALL
),
by_partner AS (
  SELECT f.year, f.period, f.period_type, f.flow, f.partner,
         sum(f.value) AS products_usd, count(f.value) = count(*) AS values_known,
         max(v.value) AS published_usd
  FROM product_flows f
  LEFT JOIN partner_values v ON v.period = f.period AND v.flow = f.flow AND v.partner = f.partner
    AND v.value_source = 'published'
  WHERE NOT covers_all(f.partner)
  GROUP BY ALL
),
c AS (
  SELECT *, products_usd / nullif(published_usd, 0) * 100 AS product_coverage_pct FROM world
  UNION ALL
  SELECT *, products_usd / nullif(published_usd, 0) * 100 FROM by_partner
)
SELECT year, period, period_type, flow, partner, products_usd, published_usd, product_coverage_pct,
       CASE WHEN NOT values_known THEN false ELSE is_complete(product_coverage_pct) END AS complete,
       CASE
         WHEN NOT values_known THEN 'a product value is not known (NULL)'
         WHEN published_usd IS NULL THEN 'no published total ' ||
              CASE WHEN covers_all(partner) THEN 'of all goods' ELSE 'for the partner' END ||
              ' to compare the products with'
         WHEN NOT is_complete(product_coverage_pct) THEN 'products account for ' ||
              round(product_coverage_pct, 1) || ' % of the published total'
       END AS reason
FROM c
