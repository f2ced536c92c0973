-- trade_by_partner: exports and imports by partner country, their share of
-- the total and their growth (the integration report 2020: Russia's share of Kazakhstan's imports
-- 40 % in the first half of 2017 and 42.7 % in 2019; docs/methods.md section 3).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   share_pct       = X_j,t / X_t * 100           (X_t from trade_totals)
--   growth_prev_pct = (X_j,t / X_j,t-1 - 1) * 100  previous period
--   growth_yoy_pct  = (X_j,t / X_j,t-1y - 1) * 100 same period a year earlier
--
-- The partner is keyed by its ISO 3166-1 alpha-3 code; the BNS prints a
-- Russian name whose spelling changes between years ('Босния и Герцеговина' /
-- 'Босния И Герцеговина'): that name is kept in `note`, the English and
-- Russian names come from registry/countries.csv.
--
-- Edge cases:
-- * a previous value of 0 or a missing previous period gives NULL growth;
-- * a NULL value (confidential) gives NULL share and growth;
-- * for annual periods growth_prev_pct and growth_yoy_pct coincide.
SELECT v.year, v.period, v.period_type, v.flow, v.partner,
       c.name_en AS partner_name_en, c.name_ru AS partner_name_ru,
       v.value AS value_usd,
       v.value / nullif(t.value_usd, 0) * 100 AS share_pct,
       (v.value / nullif(prev.value, 0) - 1) * 100 AS growth_prev_pct,
       (v.value / nullif(ago.value, 0) - 1) * 100 AS growth_yoy_pct,
       v.status, v.value_source, v.complete, t.total_source, v.note, v.source
FROM partner_values v
JOIN period_links l ON l.period = v.period
LEFT JOIN trade_totals t ON t.period = v.period AND t.flow = v.flow
LEFT JOIN partner_values prev ON prev.period = l.previous_period AND prev.flow = v.flow AND prev.partner = v.partner
LEFT JOIN partner_values ago ON ago.period = l.year_ago_period AND ago.flow = v.flow AND ago.partner = v.partner
LEFT JOIN countries c ON c.alpha3 = v.partner
