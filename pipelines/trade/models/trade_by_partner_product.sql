-- trade_by_partner_product: exports and imports with one partner by HS
-- product, and their growth (the integration report 2020: exports to Russia in January-September
-- 2019 against the same period of 2018: flour-milling products +160.9 %,
-- pharmaceuticals +112.2 %, locomotives +515.3 %).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   growth_prev_pct = (X_jk,t / X_jk,t-1 - 1) * 100; growth_yoy_pct: same period a year earlier
--   share_of_partner_pct = X_jk,t / X_j,t * 100 (X_j,t from trade_by_partner)
--
--   product_coverage_pct = the partner's products (top level) / its published
--       total * 100, complete = within coverage_tolerance_pct (product_coverage);
--       NULL when the partner's total is not published
--
-- Edge cases: growth from 0 or from a missing period is NULL; every product
-- row is shown as given (chapters beside their headings, a product group such
-- as 84-85 beside the headings 8471 of another file), none is summed here.
SELECT f.year, f.period, f.period_type, f.flow, f.partner, f.product,
       f.value AS value_usd,
       f.value / nullif(p.value_usd, 0) * 100 AS share_of_partner_pct,
       (f.value / nullif(prev.value, 0) - 1) * 100 AS growth_prev_pct,
       (f.value / nullif(ago.value, 0) - 1) * 100 AS growth_yoy_pct,
       f.status, c.product_coverage_pct,
       CASE WHEN f.value IS NULL THEN false ELSE c.complete END AS complete,
       f.source
FROM trade_flows f
JOIN period_links l ON l.period = f.period
LEFT JOIN product_coverage c ON c.period = f.period AND c.flow = f.flow AND c.partner = f.partner
LEFT JOIN trade_by_partner p ON p.period = f.period AND p.flow = f.flow AND p.partner = f.partner
LEFT JOIN trade_flows prev ON prev.period = l.previous_period AND prev.flow = f.flow
  AND prev.partner = f.partner AND prev.product = f.product
LEFT JOIN trade_flows ago ON ago.period = l.year_ago_period AND ago.flow = f.flow
  AND ago.partner = f.partner AND ago.product = f.product
WHERE NOT covers_all(f.partner) AND NOT covers_all(f.product)
