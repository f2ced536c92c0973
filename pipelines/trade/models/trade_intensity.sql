-- trade_intensity: the trade intensity index of Kazakhstan's exports to
-- partner j, where world imports are supplied (indicator `world_imports`:
-- a row per importing country in `partner`, and the world total as a row
-- without partner; docs/methods.md section 3).
--
-- Source:
--   K. Kojima, "The pattern of international trade among advanced countries", Hitotsubashi
--     Journal of Economics 5(1) (1964).
--
--   TII_j = (X_KZ,j / X_KZ) / (M_j / M_W)
--   X_KZ,j exports to j (trade_by_partner), X_KZ total exports (trade_totals),
--   M_j imports of j from the world, M_W world imports
--   TII > 1: Kazakhstan sells more to j than j's weight in world imports implies
--
-- Edge cases: NULL when a figure is missing or a denominator is 0; only
-- all-goods rows (no product) are used; world figures from Republic rows only.
WITH w AS (
  SELECT period, partner, value FROM observations
  WHERE indicator = 'world_imports' AND region_kato = '000000000' AND covers_all(product)
),
mj AS (SELECT * FROM w WHERE NOT covers_all(partner)),
mw AS (SELECT period, value FROM w WHERE covers_all(partner))
SELECT p.year, p.period, p.period_type, p.partner, p.partner_name_en,
       p.value_usd AS exports_usd, t.value_usd AS total_exports_usd,
       mj.value AS partner_imports_usd, mw.value AS world_imports_usd,
       p.share_pct AS kz_export_share_pct,
       mj.value / nullif(mw.value, 0) * 100 AS partner_import_share_pct,
       (p.value_usd / nullif(t.value_usd, 0)) / nullif(mj.value / nullif(mw.value, 0), 0) AS tii
FROM trade_by_partner p
JOIN mj ON mj.period = p.period AND mj.partner = p.partner
LEFT JOIN mw ON mw.period = p.period
LEFT JOIN trade_totals t ON t.period = p.period AND t.flow = 'export'
WHERE p.flow = 'export'
