-- material_flows: the balance of material flows by degree of processing
-- (Kunyazov 2020: "a high level of balance of material flows in the context of
-- export-import operations", growth of flows "with a high level of added
-- value"). Exports and imports split into raw and processed goods by the
-- documented HS mapping registry/hs_processing.csv (rationale per code in
-- that file and registry/hs_processing.md).
--
-- Source:
--   E. K. Kunyazov, "Ways to intensify innovation and import substitution in macrologistic
--     systems of the Republic of Kazakhstan in the context of international integration" (2020).
--
--   exports_usd, imports_usd = sum over top-level product rows of the degree
--   balance_usd   = exports - imports
--   coverage_pct  = exports / imports * 100
--   export_share_pct = exports of the degree / exports of all products * 100
--   (import_share_pct likewise): the processed share of each flow
--   export_product_coverage_pct, import_product_coverage_pct = how much of the
--   published total the products account for (product_coverage); complete =
--   both flows within the parameter coverage_tolerance_pct: a year whose
--   products fall short (Comtrade 2020-2022) has shares that are not the year's
--
-- Edge cases:
-- * only top-level rows are added (a chapter and its headings never both);
-- * products no mapping covers form the degree 'unclassified';
-- * the shares are of the goods given by product, which may be less than
--   the total (see product_coverage in non_resource_exports);
-- * no product breakdown in the inputs -> no rows;
-- * a flow without products in the period leaves its coverage NULL and the
--   row incomplete only through the other flow (complete is NULL when neither
--   flow has a published total).
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
SELECT f.year, f.period, f.period_type, f.degree, f.exports_usd, f.imports_usd,
       f.exports_usd - f.imports_usd AS balance_usd,
       f.exports_usd / nullif(f.imports_usd, 0) * 100 AS coverage_pct,
       f.export_share_pct, f.import_share_pct,
       x.product_coverage_pct AS export_product_coverage_pct,
       m.product_coverage_pct AS import_product_coverage_pct,
       CASE WHEN x.complete = false OR m.complete = false THEN false
            WHEN x.complete IS NULL AND m.complete IS NULL THEN NULL
            ELSE true END AS complete
FROM flows f
LEFT JOIN product_coverage x ON x.period = f.period AND x.flow = 'export' AND covers_all(x.partner)
LEFT JOIN product_coverage m ON m.period = f.period AND m.flow = 'import' AND covers_all(m.partner)
