-- trade_flows: the pipeline's base rows. Goods exports and imports of the
-- Republic (the integration report 2020, Kunyazov 2020; docs/methods.md section 3), one row per period,
-- flow, partner and product as normalised: partner is an ISO 3166-1 alpha-3
-- code (normalisation resolved alpha-2 and refused anything else), product an
-- HS code, value in thousand USD.
--
-- Sources:
--   E. K. Kunyazov, "Ways to intensify innovation and import substitution in macrologistic
--     systems of the Republic of Kazakhstan in the context of international integration" (2020);
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
-- A row whose partner is `_T` (none given) is a total over all partners (what the BNS publishes
-- as "total"); a row whose product is `_T` covers all goods.
--
-- Edge cases:
-- * the flow comes from the indicator (exports -> export); a `flow` column that
--   contradicts it is refused by the check flow_matches_indicator (exit 4);
-- * rows for regions other than the Republic are not used here (the
--   check unused_trade_rows names them);
-- * a NULL value (confidential, not available) stays NULL with its status.
SELECT
  o.year, o.period, o.period_type, o.period_start, o.period_end,
  CASE o.indicator WHEN 'exports' THEN 'export' ELSE 'import' END AS flow,
  o.partner, o.product, o.value, o.status, o.source, o.note
FROM observations o
WHERE o.indicator IN ('exports', 'imports') AND o.region_kato = '000000000'
