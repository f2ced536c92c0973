-- shares_without_grp: the money figures of grp_shares that gave no share of
-- GRP (no GRP of the same year and borders), by indicator, year and reason
-- with the regions (by name), so that the run report says why the share is
-- missing.
SELECT s.indicator, s.year, string_agg(coalesce(r.name_en, s.region_kato), ', ' ORDER BY s.region_kato) AS regions,
       any_value(s.reason) AS reason
FROM grp_shares s LEFT JOIN regions r ON r.kato = s.region_kato
WHERE s.value IS NULL AND s.money_value IS NOT NULL GROUP BY s.indicator, s.year, s.reason ORDER BY ALL
