-- grp_without_population: the regions of grp_per_capita with a GRP but no
-- population on its borders, counted by the span of years they lack one
-- ("2010-2013"), for the dataset description's note on why GRP per capita is
-- NULL there.
WITH r AS (
  SELECT region_kato, min(year) || CASE WHEN max(year) > min(year) THEN '-' || max(year) ELSE '' END AS years
  FROM grp_per_capita WHERE grp IS NOT NULL AND population IS NULL GROUP BY region_kato)
SELECT years, count(*)::INTEGER AS regions FROM r GROUP BY years ORDER BY years
