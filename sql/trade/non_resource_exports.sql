-- non_resource_exports: exports outside the resource chapters and progress
-- towards doubling them (seed 004: "the message sets a goal to double
-- non-resource exports by 2025"; METHODS.md section 3).
--
--   resource_usd      = exports of top-level products whose HS chapter is in
--                       the parameter resource_chapters (default 25-27 mineral
--                       products, 71 precious metals and stones)
--   non_resource_usd  = exports of all other top-level products
--   non_resource_share_pct = non_resource / (resource + non_resource) * 100
--   product_coverage_pct   = (resource + non_resource) / total exports * 100
--   pct_of_base       = NR_t / NR_base * 100, base = the same period of the
--                       parameter doubling_base_year (2018-Q1 for 2024-Q1)
--   doubling_progress_pct = (NR_t / NR_base - 1) * 100: 100 means doubled
--   target_usd        = 2 * NR_base, to reach by doubling_target_year
--
-- Edge cases:
-- * no product breakdown in the inputs (the bundled BNS files) -> no rows;
-- * base period missing or 0 -> pct_of_base and progress NULL;
-- * an unclassified or non-resource chapter counts as non-resource: the split
--   depends only on the chapter list.
WITH e AS (
  SELECT year, period, period_type,
         sum(value_usd) FILTER (WHERE resource) AS resource_usd,
         coalesce(sum(value_usd) FILTER (WHERE NOT resource), 0) AS non_resource_usd,
         sum(value_usd) AS products_usd,
         bool_and(complete) AS complete
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
       b.products_usd / nullif(t.value_usd, 0) * 100 AS product_coverage_pct,
       b.base_year, b.base_period, base.non_resource_usd AS base_non_resource_usd,
       b.non_resource_usd / nullif(base.non_resource_usd, 0) * 100 AS pct_of_base,
       (b.non_resource_usd / nullif(base.non_resource_usd, 0) - 1) * 100 AS doubling_progress_pct,
       getvariable('doubling_target_year')::INTEGER AS target_year,
       2 * base.non_resource_usd AS target_usd,
       b.complete
FROM b
LEFT JOIN e base ON base.period = b.base_period
LEFT JOIN trade_totals t ON t.period = b.period AND t.flow = 'export'
