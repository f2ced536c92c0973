-- innovation_rating: the regional innovation development rating A..D (Kireeva
-- 2015, table 2 "Final indexes of regional innovation development in the
-- regions of Kazakhstan for 2012"; docs/methods.md 1.2 steps 5-6), with the
-- European Regional Innovation Scoreboard's performance groups beside it.
-- Reads `rating_scores` (region_kato, year, score, ...) and adds:
--
-- Sources:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015);
--   European Commission, "Regional Innovation Scoreboard 2021" (2021), for the performance groups.
--
--   assessment, class from the score (thresholds are pipeline parameters):
--     [threshold_high, 100]                 high          A   (default 80)
--     [threshold_above_medium, high)        above medium  B   (default 60)
--     [threshold_medium, above_medium)      medium        B   (default 40)
--     [threshold_low, medium)               low           C   (default 20)
--     [0, low)                              very low      D
--   rank = rank() within the year by score, 1 = best; ties share a rank and
--     the next rank is skipped (1, 2, 2, 4), as DuckDB's rank() does;
--   relative_to_average = score / mean score of the year's scored regions * 100;
--   eris_group (RIS relative performance groups):
--     leader > eris_leader (125); strong in [eris_strong (100), 125];
--     moderate in [eris_moderate (70), 100); emerging < 70.
--
-- This scale reproduces every (score, assessment, class) of the paper's
-- table 2: Almaty city 60.10 above medium B, Atyrau 40.08 medium B, Pavlodar
-- 35.61 low C, Akmola 18.90 very low D; none reached A.
--
-- Edge cases:
-- * no score (reason in rating_scores): no assessment, class, rank or group;
-- * scores and ratios are compared after rounding to 9 decimals, so that a
--   score of 60 computed as 59.999999999999993 is still "above medium" and
--   two equal scores computed in a different order tie. Published values are
--   not rounded;
-- * the year's mean is over the regions with a score; a mean of 0 (every
--   region at the bottom) gives no relative value rather than a division by 0;
-- * partial rows (one group unpublished that year) are ranked and grouped
--   among themselves: in such a year every region lacks the same group.
WITH s AS (
  SELECT *, round(score, 9) AS score_cmp FROM rating_scores
),
year_mean AS (
  SELECT year, avg(score) AS mean_score FROM rating_scores WHERE score IS NOT NULL GROUP BY year
),
r AS (
  SELECT s.*,
         CASE WHEN s.score IS NOT NULL THEN rank() OVER (PARTITION BY s.year, s.score IS NULL ORDER BY s.score_cmp DESC)::INTEGER END AS rank,
         s.score / nullif(m.mean_score, 0) * 100 AS relative_to_average
  FROM s LEFT JOIN year_mean m ON m.year = s.year
)
SELECT r.* EXCLUDE (score_cmp),
       CASE WHEN score_cmp >= getvariable('threshold_high') THEN 'high'
            WHEN score_cmp >= getvariable('threshold_above_medium') THEN 'above medium'
            WHEN score_cmp >= getvariable('threshold_medium') THEN 'medium'
            WHEN score_cmp >= getvariable('threshold_low') THEN 'low'
            WHEN score_cmp IS NOT NULL THEN 'very low' END AS assessment,
       CASE WHEN score_cmp >= getvariable('threshold_high') THEN 'A'
            WHEN score_cmp >= getvariable('threshold_medium') THEN 'B'
            WHEN score_cmp >= getvariable('threshold_low') THEN 'C'
            WHEN score_cmp IS NOT NULL THEN 'D' END AS class,
       CASE WHEN round(relative_to_average, 9) > getvariable('eris_leader') THEN 'leader'
            WHEN round(relative_to_average, 9) >= getvariable('eris_strong') THEN 'strong'
            WHEN round(relative_to_average, 9) >= getvariable('eris_moderate') THEN 'moderate'
            WHEN relative_to_average IS NOT NULL THEN 'emerging' END AS eris_group
FROM r
