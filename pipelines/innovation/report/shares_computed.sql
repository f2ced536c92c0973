-- shares_computed: the shares of GRP in grp_shares the rating uses that were
-- computed from a money figure and the regional GRP (no source publishes
-- them), by indicator and year with the number of regions (the Republic
-- aside), for the run report's and the dataset description's account of
-- which rating inputs kzstat derived.
SELECT indicator, year, count(*)::INTEGER AS n FROM grp_shares
WHERE used_by_rating AND value IS NOT NULL AND region_kato <> '000000000' GROUP BY ALL ORDER BY ALL
