-- trade_by_bloc: exports and imports with each bloc as it was constituted in
-- the period (bloc_membership: a country counts only while it is a member),
-- plus 'world' (all partners). The integration report 2020: January-September 2019 exports to
-- the EAEU 4.4 bn USD against imports of 10.3 bn USD.
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   value_usd = sum over partners j counted for the bloc in t of X_j,t
--   share_pct = value_usd / X_t * 100
--   growth_prev_pct, growth_yoy_pct: against the bloc's own value in the
--   previous period and a year earlier, each with the members of its own
--   period (so Kyrgyzstan's entry shows in the EAEU's growth for 2016);
--   NULL unless both sums are complete: the far-abroad sum of 2019 (China only)
--   against the full one of 2020 would be a growth of 385 % that never happened.
--
-- Edge cases:
-- * a bloc with no member in the inputs for a period has no row (missing, not 0);
-- * members present with a NULL value leave the sum incomplete: complete = false;
-- * so do partners that account for less of the period's total than the
--   parameter coverage_tolerance_pct allows (trade_totals.partner_coverage_pct),
--   unless every member of the bloc has a row: a period given by partner only
--   for China (the WITS exports to China, 2015-2019) has China's sum, and no
--   SCO or far-abroad sum worth the name;
-- * members without any row in the inputs are counted in `members` but not in
--   `partners_with_data`: the BNS files list only partners with trade.
WITH members AS (
  SELECT period, bloc, count(*)::INTEGER AS members FROM bloc_membership WHERE counted GROUP BY ALL
),
blocs AS (
  SELECT v.year, v.period, v.period_type, v.flow, m.bloc,
         sum(v.value) AS value_usd,
         count(*)::INTEGER AS partners_with_data,
         bool_and(v.complete) AS complete,
         coalesce(is_complete(any_value(t.partner_coverage_pct)), true) AS partners_cover_total,
         string_agg(v.partner, ' ' ORDER BY v.partner) AS partners
  FROM partner_values v
  JOIN bloc_membership m ON m.period = v.period AND m.partner = v.partner AND m.counted
  LEFT JOIN trade_totals t ON t.period = v.period AND t.flow = v.flow
  GROUP BY v.year, v.period, v.period_type, v.flow, m.bloc
),
world AS (
  SELECT year, period, period_type, flow, 'world' AS bloc, value_usd, partners AS partners_with_data,
         partners_without_value = 0 AS complete, true AS partners_cover_total, NULL AS partners
  FROM trade_totals
),
b AS (SELECT * FROM blocs UNION ALL SELECT * FROM world),
judged AS (
  SELECT b.*, m.members,
         b.complete AND (b.partners_cover_total OR b.partners_with_data = m.members) AS sum_complete
  FROM b LEFT JOIN members m ON m.period = b.period AND m.bloc = b.bloc
)
SELECT b.year, b.period, b.period_type, b.flow, b.bloc,
       coalesce(d.name_en, 'World (all partners)') AS bloc_name_en,
       coalesce(d.name_ru, 'Всего') AS bloc_name_ru,
       b.value_usd,
       b.value_usd / nullif(t.value_usd, 0) * 100 AS share_pct,
       CASE WHEN b.sum_complete AND prev.sum_complete THEN (b.value_usd / nullif(prev.value_usd, 0) - 1) * 100 END
         AS growth_prev_pct,
       CASE WHEN b.sum_complete AND ago.sum_complete THEN (b.value_usd / nullif(ago.value_usd, 0) - 1) * 100 END
         AS growth_yoy_pct,
       b.members, b.partners_with_data,
       b.sum_complete AS complete,
       t.total_source, b.partners
FROM judged b
JOIN period_links l ON l.period = b.period
LEFT JOIN bloc_definitions d ON d.bloc = b.bloc
LEFT JOIN trade_totals t ON t.period = b.period AND t.flow = b.flow
LEFT JOIN judged prev ON prev.period = l.previous_period AND prev.flow = b.flow AND prev.bloc = b.bloc
LEFT JOIN judged ago ON ago.period = l.year_ago_period AND ago.flow = b.flow AND ago.bloc = b.bloc
