-- rating_sensitivity: how much each assumption of the rating moves ranks
-- (OECD/JRC, Handbook on Constructing Composite Indicators: Methodology and
-- User Guide, 2008, step 7, sensitivity analysis; Saisana, Saltelli and
-- Tarantola, "Uncertainty and sensitivity analysis techniques as tools for
-- the quality assessment of composite indicators", Journal of the Royal
-- Statistical Society A 168(2), 2005). Per year and assumption
-- (normalisation, aggregation, weights, left_out; design in
-- rating_scenarios.sql):
--   mean_abs_rank_shift  mean over the rated regions and the one-at-a-time
--                        scenarios of the assumption of |rank - published rank|;
--   max_abs_rank_shift   the largest such shift;
--   first_order_index    S = V(E[rank | assumption]) / V(rank), over the joint
--                        draws, summed over the regions before dividing:
--                        sum_r sum_l p_l (mean rank of r at level l - mean
--                        rank of r)^2 / sum_r var_pop(rank of r); the share of
--                        the rank variance the assumption explains alone;
-- and a row 'all' for the joint draws (every assumption at once): its mean
-- and largest shift.
--
-- Edge cases: S needs a discrete assumption, so none for weights (a draw
-- perturbs all weights at once, a continuous vector) nor for 'all'; ranks that
-- never vary in a year (one rated region): S NULL; draws that leave a region
-- unranked count in neither numerator nor denominator.
WITH shifts AS (
  SELECT year, CASE WHEN assumption = 'joint' THEN 'all' ELSE assumption END AS assumption,
         count(DISTINCT scenario)::INTEGER AS scenarios,
         avg(abs(rank - nominal_rank)) AS mean_abs_rank_shift,
         max(abs(rank - nominal_rank))::INTEGER AS max_abs_rank_shift
  FROM rating_draws WHERE rank IS NOT NULL
  GROUP BY ALL
),
joint AS (
  SELECT region_kato, year, rank, norm AS normalisation, agg AS aggregation, left_out::VARCHAR AS left_out
  FROM rating_draws WHERE assumption = 'joint' AND rank IS NOT NULL
),
levels AS (
  UNPIVOT joint ON normalisation, aggregation, left_out INTO NAME assumption VALUE level
),
region_stats AS (
  SELECT region_kato, year, avg(rank) AS mean_rank, var_pop(rank) AS var_rank, count(*) AS n
  FROM joint GROUP BY ALL
),
conditional AS (
  SELECT l.year, l.assumption, l.region_kato, l.level,
         count(*) / any_value(s.n) AS p, avg(l.rank) AS mean_rank_at_level, any_value(s.mean_rank) AS mean_rank
  FROM levels l JOIN region_stats s USING (region_kato, year)
  GROUP BY ALL
),
year_variance AS (
  SELECT year, sum(var_rank) AS total FROM region_stats GROUP BY year
),
first_order AS (
  SELECT c.year, c.assumption, sum(c.p * (c.mean_rank_at_level - c.mean_rank) ^ 2) / nullif(any_value(v.total), 0) AS first_order_index
  FROM conditional c JOIN year_variance v USING (year) GROUP BY c.year, c.assumption
)
SELECT s.year, s.assumption, s.scenarios, s.mean_abs_rank_shift, s.max_abs_rank_shift, f.first_order_index
FROM shifts s LEFT JOIN first_order f USING (year, assumption)
