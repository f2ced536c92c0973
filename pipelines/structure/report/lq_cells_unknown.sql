-- lq_cells_unknown: per year, the cells location_quotients leaves out of the
-- common support (used = false) for want of a figure: the Republic's sections
-- with a status and no value ("national", left out of every region's shares)
-- and the number of regional cells with a status and no value ("regional",
-- left out of that region's shares). Years with neither are not listed. The
-- run report says which sections the quotients and specialisation are over.
SELECT year,
       string_agg(DISTINCT industry || ' (' || country_status || ')', ', ' ORDER BY industry || ' (' || country_status || ')')
         FILTER (WHERE gva_country IS NULL AND country_status IS NOT NULL) AS national,
       count(*) FILTER (WHERE gva IS NULL AND status IS NOT NULL)::INTEGER AS regional
FROM location_quotients WHERE NOT used GROUP BY year
HAVING national IS NOT NULL OR regional > 0 ORDER BY year
