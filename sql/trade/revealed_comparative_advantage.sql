-- revealed_comparative_advantage: Balassa's index of revealed comparative
-- advantage by HS product, where world exports are supplied (indicator
-- `world_exports`: by `product`, and the all-goods total as a row without
-- product; METHODS.md section 3, after seed 004's discussion of Kazakhstan's
-- competitiveness in raw and processed goods).
--
--   RCA_k = (X_KZ,k / X_KZ) / (X_W,k / X_W)
--   X_KZ  = total exports (trade_totals), X_W = the world_exports total
--   RCA > 1: Kazakhstan's exports are specialised in k
--
-- Edge cases: NULL when any of the four figures is missing or a denominator
-- is 0; world figures are read from Republic rows only (they describe no
-- region; the check unused_trade_rows names others).
WITH w AS (
  SELECT period, product, value FROM observations
  WHERE indicator = 'world_exports' AND region_kato = '000000000' AND covers_all(partner)
),
wk AS (SELECT * FROM w WHERE NOT covers_all(product)),
wt AS (SELECT period, value FROM w WHERE covers_all(product))
SELECT k.year, k.period, k.period_type, k.product,
       k.value_usd AS exports_usd, t.value_usd AS total_exports_usd,
       wk.value AS world_exports_usd, wt.value AS world_total_exports_usd,
       k.value_usd / nullif(t.value_usd, 0) * 100 AS kz_share_pct,
       wk.value / nullif(wt.value, 0) * 100 AS world_share_pct,
       (k.value_usd / nullif(t.value_usd, 0)) / nullif(wk.value / nullif(wt.value, 0), 0) AS rca
FROM trade_by_product k
JOIN wk ON wk.period = k.period AND wk.product = k.product
LEFT JOIN wt ON wt.period = k.period
LEFT JOIN trade_totals t ON t.period = k.period AND t.flow = 'export'
WHERE k.flow = 'export'
