-- rating_inputs: every figure of a rating indicator for a region and year
-- (rating_figures), its treated value (rating_treatment) and its normalised
-- value (Kireeva 2015, table 2; docs/methods.md 1.2 step 2; OECD/JRC, Handbook on
-- Constructing Composite Indicators: Methodology and User Guide, 2008, step
-- 5; Becker et al., "COINr: An R package for developing composite
-- indicators", JOSS 7(78), 4567, 2022).
--
-- x = treated_value where treatment is on, else the figure as published.
-- Bounds are over the regions' usable x of the indicator in that year
-- (getvariable('normalisation') = 'per_year', the default) or in all years
-- ('pooled', the European Regional Innovation Scoreboard's practice, so that
-- scores compare over time). getvariable('normalisation_method'):
--   minmax (default)    (x - min) / (max - min) * 100
--   zscore              (x - mean) / s, s the sample SD
--   rank                rank of x among the bounds' figures, 1 = lowest; ties
--                       share the lowest rank of their group (1, 2, 2, 4), as
--                       DuckDB's rank() and COINr's default do
--   goalposts           (x - lower) / (upper - lower) * 100 clipped to
--                       [0, 100], lower and upper declared per indicator
--                       (parameter goalposts)
--   distance_to_target  x / target, target declared per indicator
--                       (parameter targets): 1 = on target
--
-- Edge cases:
-- * max = min (one region, or all equal): minmax gives every region 50, not
--   0/0; zscore gives 0 (s = 0, or undefined with one figure);
-- * a figure the rating does not use has no x, takes no part in the bounds,
--   the ranks or the mean, and has no normalised value;
-- * goalposts and targets are on the scale of x: after a log transform
--   (rating_treatment) they apply to the transformed values;
-- * a used indicator without declared goalposts or target has no normalised
--   value here, and pipelines/innovation/composite.ts then refuses the run,
--   naming it, before anything is published;
-- * rows keep the order of rating_figures (row_order): rating_scores adds
--   them up in table order, and the rank window would reorder them and move
--   the last bit of a score.
WITH v AS (
  SELECT f.*, row_number() OVER () AS row_order,
         t.treated_value, t.treatment, coalesce(t.treated_value, f.value_used) AS x,
         CASE WHEN getvariable('normalisation') = 'pooled' THEN NULL ELSE f.year END AS bounds_year
  FROM rating_figures f
  LEFT JOIN rating_treatment t USING (region_kato, year, indicator)
),
bounds AS (
  SELECT indicator, bounds_year, min(x) AS lo, max(x) AS hi, avg(x) AS mean, stddev_samp(x) AS sd
  FROM v GROUP BY ALL
),
ranked AS (
  SELECT v.*, b.lo, b.hi, b.mean, b.sd,
         CASE WHEN v.x IS NOT NULL
              THEN rank() OVER (PARTITION BY v.indicator, v.bounds_year, v.x IS NULL ORDER BY v.x) END AS x_rank,
         json_extract(getvariable('goalposts'), '$.' || v.indicator || '[0]')::DOUBLE AS goal_lower,
         json_extract(getvariable('goalposts'), '$.' || v.indicator || '[1]')::DOUBLE AS goal_upper,
         json_extract(getvariable('targets'), '$.' || v.indicator)::DOUBLE AS target
  FROM v JOIN bounds b ON b.indicator = v.indicator AND b.bounds_year IS NOT DISTINCT FROM v.bounds_year
)
SELECT region_kato, year, indicator, "group", position,
       value, treated_value, treatment, status, unit, boundary_vintage, rating_vintage, used,
       lo AS norm_min, hi AS norm_max,
       CASE WHEN x IS NULL THEN NULL
            WHEN getvariable('normalisation_method') = 'minmax'
              THEN CASE WHEN hi = lo THEN 50.0 ELSE (x - lo) / (hi - lo) * 100 END
            WHEN getvariable('normalisation_method') = 'zscore'
              THEN CASE WHEN sd > 0 THEN (x - mean) / sd ELSE 0.0 END
            WHEN getvariable('normalisation_method') = 'rank' THEN x_rank::DOUBLE
            WHEN getvariable('normalisation_method') = 'goalposts'
              THEN greatest(0.0, least(100.0, (x - goal_lower) / (goal_upper - goal_lower) * 100))
            WHEN getvariable('normalisation_method') = 'distance_to_target' THEN x / target
       END AS normalised,
       reason, source
FROM ranked
ORDER BY row_order
