-- import_dependence: dependence of the home market on imports by product
-- group and its change over time (Kunyazov 2020, import substitution; docs/methods.md
-- section 3), where production by product is supplied (indicator
-- `production`, thousand USD, HS product codes matching the trade rows).
--
-- Source:
--   E. K. Kunyazov, "Ways to intensify innovation and import substitution in macrologistic
--     systems of the Republic of Kazakhstan in the context of international integration" (2020).
--
--   apparent_consumption_usd = Q_g + M_g - X_g
--   import_dependence_pct    = M_g / (Q_g + M_g - X_g) * 100
--   change_prev_pp, change_yoy_pp = dependence_t - dependence of the previous
--       period / of the same period a year earlier, in percentage points;
--       negative = import substitution progresses
--
-- Edge cases (import_dependence_pct NULL, with `reason`):
-- * apparent consumption <= 0 (exports exceed production plus imports:
--   re-exports, stock changes or mismatched coverage);
-- * no imports or no exports figure for the product and period (missing is not 0);
-- * production NULL (confidential);
-- * product_coverage_pct and complete are those of the period's imports
--   (product_coverage): where imports by product fall short of the published
--   total, a product's dependence may be understated. No production by product
--   is bundled, so the bundled run has no rows.
WITH q AS (
  SELECT year, period, period_type, product, value AS production_usd, status
  FROM observations
  WHERE indicator = 'production' AND region_kato = '000000000' AND NOT covers_all(product)
),
d AS (
  SELECT q.year, q.period, q.period_type, q.product, q.production_usd,
         m.value_usd AS imports_usd, x.value_usd AS exports_usd,
         q.production_usd + m.value_usd - x.value_usd AS apparent_consumption_usd,
         CASE
           WHEN q.production_usd IS NULL THEN 'no production figure' || coalesce(' (status ' || q.status || ')', '')
           WHEN m.value_usd IS NULL THEN 'no imports figure for this product and period'
           WHEN x.value_usd IS NULL THEN 'no exports figure for this product and period'
           WHEN q.production_usd + m.value_usd - x.value_usd <= 0
             THEN 'apparent consumption (production + imports - exports) is not positive'
         END AS reason
  FROM q
  LEFT JOIN trade_by_product m ON m.period = q.period AND m.product = q.product AND m.flow = 'import'
  LEFT JOIN trade_by_product x ON x.period = q.period AND x.product = q.product AND x.flow = 'export'
),
r AS (
  SELECT *, CASE WHEN reason IS NULL THEN imports_usd / apparent_consumption_usd * 100 END AS import_dependence_pct
  FROM d
)
SELECT r.year, r.period, r.period_type, r.product, r.production_usd, r.imports_usd, r.exports_usd,
       r.apparent_consumption_usd, r.import_dependence_pct,
       r.import_dependence_pct - prev.import_dependence_pct AS change_prev_pp,
       r.import_dependence_pct - ago.import_dependence_pct AS change_yoy_pp,
       r.reason, c.product_coverage_pct, c.complete
FROM r
JOIN period_links l ON l.period = r.period
LEFT JOIN product_coverage c ON c.period = r.period AND c.flow = 'import' AND covers_all(c.partner)
LEFT JOIN r prev ON prev.period = l.previous_period AND prev.product = r.product
LEFT JOIN r ago ON ago.period = l.year_ago_period AND ago.product = r.product
