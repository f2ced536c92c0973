-- trade_by_product: exports and imports by HS product (all partners), their
-- share of the total, growth, degree of processing and whether the product
-- is a resource (the integration report 2020: growth by product group "period on same period";
-- Kunyazov 2020: raw against processed flows), with the coverage of the period's
-- products (product_coverage).
--
-- Sources:
--   E. K. Kunyazov, "Ways to intensify innovation and import substitution in macrologistic
--     systems of the Republic of Kazakhstan in the context of international integration" (2020);
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   share_pct       = X_k,t / X_t * 100
--   growth_prev_pct = (X_k,t / X_k,t-1 - 1) * 100;  growth_yoy_pct likewise a year back
--   degree          = raw | processed by the longest matching code of
--                     registry/hs_processing.csv (2709 -> 27 raw, 2710 -> processed);
--                     'unclassified' when no code matches (HS 98, 99); a range
--                     of chapters (25-26) takes the degree all its chapters and
--                     their headings share, and is unclassified when they differ
--   resource        = the product's chapters are all in the parameter
--                     resource_chapters (default 25, 26, 27, 71)
--   top_level       = no coarser code of the same period and flow is given
--                     (only those rows are added up in material_flows and
--                     non_resource_exports)
--   published_usd   = the BNS's own figure for the product where one is
--                     published (crude oil, HS 2709: the sum of its months),
--                     difference_pct = (value / published - 1) * 100
--   product_coverage_pct, complete: of the period and flow (product_coverage);
--                     complete is false also when the value itself is unknown
--
-- Edge cases: growth from 0 or from a missing period is NULL; rows derived
-- from partner rows are at chapter level (see world_products); a share of a
-- period whose products fall short of its total is kept, with complete = false.
WITH codes AS (SELECT DISTINCT product FROM world_products),
degrees AS (
  SELECT c.product,
         CASE WHEN NOT hs_is_range(c.product) THEN arg_max(h.degree, length(h.hs))
              WHEN count(DISTINCT h.degree) = 1
               AND count(DISTINCT h.hs) FILTER (WHERE length(h.hs) = 2)
                   = any_value(hs_last_chapter(c.product)::INTEGER - hs_first_chapter(c.product)::INTEGER + 1)
              THEN min(h.degree) END AS mapped_degree
  FROM codes c
  LEFT JOIN hs_processing h
    ON (NOT hs_is_range(c.product) AND starts_with(c.product, h.hs))
    OR (hs_is_range(c.product) AND left(h.hs, 2) BETWEEN hs_first_chapter(c.product) AND hs_last_chapter(c.product))
  GROUP BY c.product
),
mapped AS (SELECT w.*, d.mapped_degree FROM world_products w JOIN degrees d USING (product))
SELECT m.year, m.period, m.period_type, m.flow, m.product,
       CASE WHEN hs_is_range(m.product) THEN 2 ELSE length(m.product) END::INTEGER AS hs_digits,
       m.value AS value_usd,
       m.value / nullif(t.value_usd, 0) * 100 AS share_pct,
       (m.value / nullif(prev.value, 0) - 1) * 100 AS growth_prev_pct,
       (m.value / nullif(ago.value, 0) - 1) * 100 AS growth_yoy_pct,
       coalesce(m.mapped_degree, 'unclassified') AS degree,
       list_has_all(getvariable('resource_chapters'),
         [lpad(c::VARCHAR, 2, '0') FOR c IN range(hs_first_chapter(m.product)::INTEGER, hs_last_chapter(m.product)::INTEGER + 1)])
         AS resource,
       m.top_level, m.status, m.value_source,
       pub.value AS published_usd,
       (m.value / nullif(pub.value, 0) - 1) * 100 AS difference_pct,
       c.product_coverage_pct,
       CASE WHEN NOT m.complete THEN false ELSE c.complete END AS complete
FROM mapped m
JOIN period_links l ON l.period = m.period
LEFT JOIN trade_totals t ON t.period = m.period AND t.flow = m.flow
LEFT JOIN product_coverage c ON c.period = m.period AND c.flow = m.flow AND covers_all(c.partner)
LEFT JOIN published_totals pub ON pub.period = m.period AND pub.flow = m.flow AND pub.product = m.product
LEFT JOIN world_products prev ON prev.period = l.previous_period AND prev.flow = m.flow AND prev.product = m.product
LEFT JOIN world_products ago ON ago.period = l.year_ago_period AND ago.flow = m.flow AND ago.product = m.product
