-- severity: warn
-- totals_vs_published: total exports and imports against what the BNS
-- publishes. Where an input gives the published total (a row without
-- partner), the sum over partners must match it within the parameter
-- totals_tolerance_pct (default 0.5 %, docs/methods.md section 0); a larger gap
-- is reported with both figures, never "fixed"; five partners or fewer are
-- named, so a breakdown given for China alone (2019) reads as what it is.
-- Where no published total is given (the bundled BNS monthly totals start in
-- 2019), one line per flow and kind of total says what the shares rest on and
-- that no comparison was possible.
SELECT flow || ' ' || period || ': the published total is ' || fmt_num(round(published_usd, 3)) ||
       ' thousand USD, the sum over partners (' || partners || ' rows' ||
       coalesce(': ' || (SELECT string_agg(v.partner, ', ' ORDER BY v.partner) FROM trade_by_partner v
                         WHERE v.period = trade_totals.period AND v.flow = trade_totals.flow HAVING count(*) <= 5), '') ||
       ') is ' || fmt_num(round(sum_of_partners_usd, 3)) ||
       ' (' || round(difference_pct, 2) || ' %)' ||
       CASE WHEN partners_without_value > 0 THEN '; ' || partners_without_value || ' partners have no value' ELSE '' END ||
       ' (' || published_source || ')' AS message
FROM trade_totals
WHERE published_usd IS NOT NULL AND sum_of_partners_usd IS NOT NULL
  AND (abs(difference_pct) > getvariable('totals_tolerance_pct') OR difference_pct IS NULL)
UNION ALL
SELECT flow || ' ' || string_agg(period, ', ' ORDER BY period) ||
       ': no published total in the inputs (no row without partner, no complete months), so shares are of the ' ||
       total_source || ' (' ||
       string_agg(period || ': ' || fmt_num(round(value_usd, 1)), ', ' ORDER BY period) ||
       ' thousand USD) and could not be checked against a BNS total' AS message
FROM trade_totals
WHERE published_usd IS NULL
GROUP BY flow, total_source
