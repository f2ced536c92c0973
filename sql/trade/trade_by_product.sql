-- trade_by_product: exports and imports by HS product (all partners), their
-- share of the total, growth, degree of processing and whether the product
-- is a resource (seed 004: growth by product group "period on same period";
-- seed 000: raw against processed flows).
--
--   share_pct       = X_k,t / X_t * 100
--   growth_prev_pct = (X_k,t / X_k,t-1 - 1) * 100;  growth_yoy_pct likewise a year back
--   degree          = raw | processed by the longest matching code of
--                     registry/hs_processing.csv (2709 -> 27 raw, 2710 -> processed);
--                     'unclassified' when no code matches (HS 98, 99)
--   resource        = the product's chapter is in the parameter resource_chapters
--                     (default 25, 26, 27, 71)
--   top_level       = no coarser code of the same period and flow is given
--                     (only those rows are added up in material_flows and
--                     non_resource_exports)
--
-- Edge cases: growth from 0 or from a missing period is NULL; rows derived
-- from partner rows are at chapter level (see world_products).
WITH mapped AS (
  SELECT w.year, w.period, w.period_type, w.flow, w.product, w.value, w.status, w.value_source,
         w.complete, w.top_level, arg_max(h.degree, length(h.hs)) AS mapped_degree
  FROM world_products w LEFT JOIN hs_processing h ON starts_with(w.product, h.hs)
  GROUP BY ALL
)
SELECT m.year, m.period, m.period_type, m.flow, m.product,
       length(m.product)::INTEGER AS hs_digits,
       m.value AS value_usd,
       m.value / nullif(t.value_usd, 0) * 100 AS share_pct,
       (m.value / nullif(prev.value, 0) - 1) * 100 AS growth_prev_pct,
       (m.value / nullif(ago.value, 0) - 1) * 100 AS growth_yoy_pct,
       coalesce(m.mapped_degree, 'unclassified') AS degree,
       list_contains(getvariable('resource_chapters'), left(m.product, 2)) AS resource,
       m.top_level, m.status, m.value_source, m.complete
FROM mapped m
JOIN period_links l ON l.period = m.period
LEFT JOIN trade_totals t ON t.period = m.period AND t.flow = m.flow
LEFT JOIN world_products prev ON prev.period = l.previous_period AND prev.flow = m.flow AND prev.product = m.product
LEFT JOIN world_products ago ON ago.period = l.year_ago_period AND ago.flow = m.flow AND ago.product = m.product
