-- trade_balance: exports against imports with each partner, each bloc and
-- the world (docs/methods.md section 3; the integration report 2020: with the EAEU in
-- January-September 2019, 4.4 against 10.3 bn USD).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   balance_usd  = X - M
--   coverage_pct = X / M * 100   (import coverage by exports)
--   turnover_usd = X + M
--
-- Edge cases:
-- * a flow with no figure leaves balance, coverage and turnover NULL (missing
--   is not zero); the bundled BNS files list the same partners in both flows;
-- * M = 0 gives coverage NULL, not Infinity.
WITH x AS (
  SELECT year, period, period_type, partner AS partner_or_bloc, 'partner' AS kind,
         partner_name_en AS name_en, flow, value_usd
  FROM trade_by_partner
  UNION ALL
  SELECT year, period, period_type, bloc, CASE WHEN bloc = 'world' THEN 'world' ELSE 'bloc' END,
         bloc_name_en, flow, value_usd
  FROM trade_by_bloc
),
flows AS (
  SELECT year, period, period_type, partner_or_bloc, kind, any_value(name_en) AS name_en,
         max(value_usd) FILTER (WHERE flow = 'export') AS exports_usd,
         max(value_usd) FILTER (WHERE flow = 'import') AS imports_usd
  FROM x GROUP BY year, period, period_type, partner_or_bloc, kind
)
SELECT year, period, period_type, partner_or_bloc, kind, name_en, exports_usd, imports_usd,
       exports_usd - imports_usd AS balance_usd,
       exports_usd / nullif(imports_usd, 0) * 100 AS coverage_pct,
       exports_usd + imports_usd AS turnover_usd
FROM flows
