-- rating_draws: the score, rank and class of each rated region and year
-- under each scenario of rating_scenarios (the design and its sources are
-- there), for rating_uncertainty and rating_sensitivity.
--
-- x = the figure the rating normalises (treated_value where treatment is
-- on). Normalised per scenario, over the bounds of getvariable('normalisation')
-- (per year or pooled), as in rating_inputs:
--   minmax   (x - min) / (max - min) * 100 (50 when max = min)
--   zscore   (x - mean) / s (0 when s = 0)
--   rank     percent rank, (rank - 1) / (n - 1) * 100, ties at their lowest
--            rank: the rank normalisation on the 0..100 scale of the classes
--   nominal  rating_inputs.normalised, the published rating's values
-- score = weighted_mean (macros.sql) of the group means of the
-- indicators present, without the left-out position, with the scenario's
-- weights; rank = rank() within the year, 1 = best, on scores rounded to 9
-- decimals as innovation_rating ranks; class A..D by the rating's thresholds.
--
-- Edge cases:
-- * only regions with a published score are ranked (the coverage rule of
--   rating_scores decides who is rated; a draw does not);
-- * a geometric or harmonic mean needs values above 0: an indicator whose
--   normalised values are not all above 0 in its bounds (min-max always has
--   a 0) is rescaled onto [1, 100] first, 1 + 99 (v - min) / (max - min)
--   (all equal: 50.5); a rescaling per indicator keeps its order;
-- * leaving out a region's only indicator of a group drops the group from its
--   score, as for a group unpublished that year; leaving out its only
--   indicator at all leaves it unranked in that draw;
-- * class only where the score is on the 0..100 scale of the thresholds: not
--   for z-scores averaged arithmetically, nor for a nominal z-score, rank or
--   distance to target.
WITH p AS (
  SELECT getvariable('uncertainty_seed') AS seed, getvariable('weight_range') AS r
),
rated AS (
  SELECT region_kato, year, rank AS nominal_rank FROM innovation_rating WHERE score IS NOT NULL
),
x AS (
  SELECT i.region_kato, i.year, i.indicator, i."group", i.position, i.normalised AS nominal,
         coalesce(i.treated_value, i.value) AS x,
         CASE WHEN getvariable('normalisation') = 'pooled' THEN NULL ELSE i.year END AS bounds_year
  FROM rating_inputs i SEMI JOIN rated USING (region_kato, year)
  WHERE i.used
),
stats AS (
  SELECT x.*,
         min(x) OVER b AS lo, max(x) OVER b AS hi, avg(x) OVER b AS mean, stddev_samp(x) OVER b AS sd,
         percent_rank() OVER (b ORDER BY x) * 100 AS pct_rank
  FROM x WINDOW b AS (PARTITION BY indicator, bounds_year)
),
methods AS (
  SELECT s.region_kato, s.year, s.indicator, s."group", s.position, s.bounds_year, m.method,
         CASE m.method
           WHEN 'nominal' THEN s.nominal
           WHEN 'minmax' THEN CASE WHEN s.hi = s.lo THEN 50.0 ELSE (s.x - s.lo) / (s.hi - s.lo) * 100 END
           WHEN 'zscore' THEN CASE WHEN s.sd > 0 THEN (s.x - s.mean) / s.sd ELSE 0.0 END
           WHEN 'rank' THEN s.pct_rank END AS v
  FROM stats s CROSS JOIN unnest(['nominal', 'minmax', 'zscore', 'rank']) m(method)
),
positive AS (
  SELECT *,
         CASE WHEN min(v) OVER b > 0 THEN v
              WHEN max(v) OVER b = min(v) OVER b THEN 50.5
              ELSE 1 + 99 * (v - min(v) OVER b) / (max(v) OVER b - min(v) OVER b) END AS v_pos
  FROM methods WINDOW b AS (PARTITION BY indicator, bounds_year, method)
),
groups AS (
  SELECT s.scenario, s.agg, v.region_kato, v.year, v."group",
         weighted_mean(s.agg,
                       indicator_weight(v.indicator) *
                         CASE WHEN s.perturbed THEN 1 + p.r * (2 * uniform_draw(p.seed, s.scenario, v.indicator) - 1) ELSE 1 END,
                       CASE WHEN s.agg = 'arithmetic' THEN v.v ELSE v.v_pos END) AS g
  FROM rating_scenarios s CROSS JOIN p
  JOIN positive v ON v.method = s.norm AND v.position <> s.left_out
  GROUP BY s.scenario, s.agg, v.region_kato, v.year, v."group"
),
scores AS (
  SELECT g.scenario, g.agg, g.region_kato, g.year,
         weighted_mean(g.agg,
                       group_weight(g."group") *
                         CASE WHEN s.perturbed THEN 1 + p.r * (2 * uniform_draw(p.seed, s.scenario, g."group") - 1) ELSE 1 END,
                       g.g) AS score
  FROM groups g JOIN rating_scenarios s USING (scenario) CROSS JOIN p
  GROUP BY g.scenario, g.agg, g.region_kato, g.year
)
SELECT s.scenario, s.assumption, s.level, s.norm, s.agg, s.left_out, r.region_kato, r.year, r.nominal_rank, c.score,
       CASE WHEN c.score IS NOT NULL
            THEN rank() OVER (PARTITION BY s.scenario, r.year, c.score IS NULL ORDER BY round(c.score, 9) DESC) END AS rank,
       CASE WHEN (s.norm IN ('minmax', 'rank') OR s.agg <> 'arithmetic'
                  OR (s.norm = 'nominal' AND getvariable('normalisation_method') IN ('minmax', 'goalposts')))
                 AND c.score IS NOT NULL THEN
         CASE WHEN round(c.score, 9) >= getvariable('threshold_high') THEN 'A'
              WHEN round(c.score, 9) >= getvariable('threshold_medium') THEN 'B'
              WHEN round(c.score, 9) >= getvariable('threshold_low') THEN 'C'
              ELSE 'D' END
       END AS class
FROM rating_scenarios s
CROSS JOIN rated r
LEFT JOIN scores c ON c.scenario = s.scenario AND c.region_kato = r.region_kato AND c.year = r.year
