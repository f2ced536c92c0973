-- material_flows: the balance of material flows by degree of processing
-- (seed 000: "a high level of balance of material flows in the context of
-- export-import operations", growth of flows "with a high level of added
-- value"). Exports and imports split into raw and processed goods by the
-- documented HS mapping registry/hs_processing.csv (rationale per code in
-- that file and registry/hs_processing.md).
--
--   exports_usd, imports_usd = sum over top-level product rows of the degree
--   balance_usd   = exports - imports
--   coverage_pct  = exports / imports * 100
--   export_share_pct = exports of the degree / exports of all products * 100
--   (import_share_pct likewise): the processed share of each flow
--
-- Edge cases:
-- * only top-level rows are added (a chapter and its headings never both);
-- * products no mapping covers form the degree 'unclassified';
-- * the shares are of the goods given by product, which may be less than
--   the total (see product_coverage in non_resource_exports);
-- * no product breakdown in the inputs (the bundled BNS files) -> no rows.
WITH d AS (
  SELECT year, period, period_type, flow, degree, sum(value_usd) AS value_usd
  FROM trade_by_product WHERE top_level GROUP BY ALL
),
tot AS (SELECT period, flow, sum(value_usd) AS total FROM d GROUP BY ALL),
flows AS (
  SELECT d.year, d.period, d.period_type, d.degree,
         max(d.value_usd) FILTER (WHERE d.flow = 'export') AS exports_usd,
         max(d.value_usd) FILTER (WHERE d.flow = 'import') AS imports_usd,
         max(d.value_usd / nullif(t.total, 0) * 100) FILTER (WHERE d.flow = 'export') AS export_share_pct,
         max(d.value_usd / nullif(t.total, 0) * 100) FILTER (WHERE d.flow = 'import') AS import_share_pct
  FROM d JOIN tot t ON t.period = d.period AND t.flow = d.flow
  GROUP BY d.year, d.period, d.period_type, d.degree
)
SELECT year, period, period_type, degree, exports_usd, imports_usd,
       exports_usd - imports_usd AS balance_usd,
       exports_usd / nullif(imports_usd, 0) * 100 AS coverage_pct,
       export_share_pct, import_share_pct
FROM flows
