-- missing_base_year: the figures of rd_dynamics with a value but no
-- pct_of_base, by indicator and base year, with how many and the regions (by
-- name): they have no comparable base-year figure to be a percentage of
-- (none, unpublished, on other borders or 0; rd_dynamics.reason says which),
-- and the run report names them rather than leaving the gaps unexplained.
SELECT indicator, base_year, count(*)::INTEGER AS n,
       string_agg(DISTINCT coalesce(r.name_en, d.region_kato), ', ' ORDER BY coalesce(r.name_en, d.region_kato)) AS regions
FROM rd_dynamics d LEFT JOIN regions r ON r.kato = d.region_kato
WHERE pct_of_base IS NULL AND value IS NOT NULL GROUP BY ALL ORDER BY ALL
