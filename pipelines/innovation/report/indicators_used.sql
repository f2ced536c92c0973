-- indicators_used: for each year of rating_inputs, the indicators of
-- rating_indicators the rating used (in their order) and the groups none of
-- whose indicators it could use ("conditions", "activity", or both with
-- "and"), for the run report's line on what each year's rating rests on: a
-- year with one group unused has partial scores, the other group's alone.
WITH p AS (
  SELECT y.year, ri.indicator, ri.position, ri."group", bool_or(coalesce(i.used, false)) AS used
  FROM (SELECT DISTINCT year FROM rating_inputs) y
  CROSS JOIN rating_indicators ri
  LEFT JOIN rating_inputs i ON i.year = y.year AND i.indicator = ri.indicator
  GROUP BY ALL)
SELECT year,
       string_agg(indicator, ', ' ORDER BY position) FILTER (WHERE used) AS used,
       (SELECT string_agg(g, ' and ' ORDER BY g DESC) FROM (
          SELECT "group" AS g FROM p q WHERE q.year = p.year GROUP BY "group" HAVING NOT bool_or(used))) AS unpublished
FROM p GROUP BY year ORDER BY year
