-- gva_coverage_short: the years of gva_coverage whose OKED sections cover
-- less of GDP than the parameter min_gva_coverage_pct (used = false), with
-- each year's coverage, one row per list of sections the Republic
-- publishes: those years get no industry indices (location quotients and all
-- built on them), and the run report says so rather than leaving them out
-- unexplained.
SELECT string_agg(year || ' (' || round(coverage_pct, 1) || ' %)', ', ' ORDER BY year) AS years, section_list AS sections
FROM gva_coverage WHERE NOT used GROUP BY section_list ORDER BY 1
