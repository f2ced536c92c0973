-- gva_placeholders: per region, the zeros of gva_sections read as missing
-- (placeholder: a regional 0 in a section the Republic does not publish that
-- year; gva_sections.sql), with the years ("2010-2013"), how many and the
-- sections, for a warning that they are no figure of 0.
SELECT region_kato AS region, min(year) || CASE WHEN max(year) > min(year) THEN '-' || max(year) ELSE '' END AS years, count(*)::INTEGER AS n,
       string_agg(DISTINCT industry, ',' ORDER BY industry) AS sections
FROM gva_sections WHERE placeholder GROUP BY region_kato ORDER BY region_kato
