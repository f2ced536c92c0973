-- unscored_regions: per year of innovation_rating with a region left
-- without a score, how many of the year's regions have none (n of "of") and
-- which, grouped by the reason the rating gives, so that the run report says
-- why a region is missing from a year's ranking instead of leaving it out.
WITH y AS (
  SELECT year, count(*) FILTER (WHERE score IS NULL)::INTEGER AS n, count(*)::INTEGER AS of
  FROM innovation_rating GROUP BY year),
w AS (
  SELECT year, reason, string_agg(coalesce(region_name, region_kato), ', ' ORDER BY region_kato) AS regions
  FROM innovation_rating WHERE score IS NULL GROUP BY year, reason)
SELECT y.year, y.n, y.of, string_agg(w.regions || ' (' || w.reason || ')', '; ' ORDER BY w.reason) AS which
FROM y JOIN w ON w.year = y.year GROUP BY ALL ORDER BY y.year
