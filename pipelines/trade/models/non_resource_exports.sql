-- non_resource_exports: exports outside the resource chapters and progress
-- towards doubling them (the integration report 2020: "the message sets a goal to double
-- non-resource exports by 2025"; docs/methods.md section 3).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   resource_usd      = exports of top-level products whose HS chapter is in
--                       the parameter resource_chapters (default 25-27 mineral
--                       products, 71 precious metals and stones)
--   non_resource_usd  = exports of all other top-level products
--   non_resource_share_pct = non_resource / (resource + non_resource) * 100
--   product_coverage_pct   = (resource + non_resource) / published total
--                       exports * 100 (product_coverage); complete = within
--                       the parameter coverage_tolerance_pct and every value
--                       known. In an incomplete year (Comtrade 2020-2022:
--                       copper and machinery largely missing) the share and
--                       the progress are those of the goods given, not the
--                       year's, and complete = false says so
--   pct_of_base       = NR_t / NR_base * 100, base = the same period of the
--                       parameter doubling_base_year (2018-Q1 for 2024-Q1)
--   doubling_progress_pct = (NR_t / NR_base - 1) * 100: 100 means doubled
--   target_usd        = 2 * NR_base, to reach by doubling_target_year
--
-- Edge cases:
-- * no product breakdown in the inputs -> no rows;
-- * no published total of exports for the period -> coverage and complete NULL;
-- * a product group (a range of chapters) counts as resource only when all
--   its chapters are resource chapters;
-- * base period missing or 0 -> pct_of_base and progress NULL;
-- * an unclassified or non-resource chapter counts as non-resource: the split
--   depends only on the chapter list.
WITH e AS (
  SELECT year, period, period_type,
         sum(value_usd) FILTER (WHERE resource) AS resource_usd,
         coalesce(sum(value_usd) FILTER (WHERE NOT resource), 0) AS non_resource_usd,
         sum(value_usd) AS products_usd,
         bool_and(value_usd IS NOT NULL) AS values_known
  FROM trade_by_product WHERE flow = 'export' AND top_level
  GROUP BY year, period, period_type
),
b AS (
  SELECT e.*, getvariable('doubling_base_year')::INTEGER AS base_year,
         getvariable('doubling_base_year')::INTEGER::VARCHAR || substr(e.period, 5) AS base_period
  FROM e
)
SELECT b.year, b.period, b.period_type,
       coalesce(b.resource_usd, 0) AS resource_usd, b.non_resource_usd, b.products_usd,
       b.non_resource_usd / nullif(b.products_usd, 0) * 100 AS non_resource_share_pct,
       c.product_coverage_pct,
       b.base_year, b.base_period, base.non_resource_usd AS base_non_resource_usd,
       b.non_resource_usd / nullif(base.non_resource_usd, 0) * 100 AS pct_of_base,
       (b.non_resource_usd / nullif(base.non_resource_usd, 0) - 1) * 100 AS doubling_progress_pct,
       getvariable('doubling_target_year')::INTEGER AS target_year,
       2 * base.non_resource_usd AS target_usd,
       CASE WHEN NOT b.values_known THEN false ELSE c.complete END AS complete,
       base_c.complete AS base_complete
FROM b
LEFT JOIN e base ON base.period = b.base_period
LEFT JOIN product_coverage c ON c.period = b.period AND c.flow = 'export' AND covers_all(c.partner)
LEFT JOIN product_coverage base_c ON base_c.period = b.base_period AND base_c.flow = 'export' AND covers_all(base_c.partner)
