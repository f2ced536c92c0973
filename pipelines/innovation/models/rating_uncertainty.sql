-- rating_uncertainty: how sure each region's rank is (OECD/JRC, Handbook on
-- Constructing Composite Indicators: Methodology and User Guide, 2008, step
-- 7, uncertainty analysis; Becker et al., "COINr: An R package for developing
-- composite indicators", JOSS 7(78), 4567, 2022, get_sensitivity). Per rated
-- region and year, over the joint draws of rating_draws (normalisation,
-- aggregation, weights within +/- weight_range and an indicator left out,
-- drawn together; design in rating_scenarios.sql):
--   median_rank, p05_rank, p95_rank  quantiles of its rank over the draws
--                                    (linear interpolation, quantile_cont);
--   share_a .. share_d               draws in each class / class_draws;
--   draws                            draws in which the region has a rank;
--   class_draws                      of those, draws with a class (the score
--                                    on the 0..100 scale of the thresholds).
--
-- Edge cases: a region without a published score is not listed; a region
-- that a draw leaves without any indicator is not ranked in that draw (draws
-- < uncertainty_draws); no draw with a class: shares NULL. The same
-- uncertainty_seed gives the same table, bit for bit.
SELECT d.region_kato, r.region_name, d.year, any_value(d.nominal_rank) AS nominal_rank,
       quantile_cont(d.rank, 0.5) AS median_rank,
       quantile_cont(d.rank, 0.05) AS p05_rank,
       quantile_cont(d.rank, 0.95) AS p95_rank,
       count(*) FILTER (WHERE d.class = 'A') / nullif(count(d.class), 0) AS share_a,
       count(*) FILTER (WHERE d.class = 'B') / nullif(count(d.class), 0) AS share_b,
       count(*) FILTER (WHERE d.class = 'C') / nullif(count(d.class), 0) AS share_c,
       count(*) FILTER (WHERE d.class = 'D') / nullif(count(d.class), 0) AS share_d,
       count(d.rank)::INTEGER AS draws,
       count(d.class)::INTEGER AS class_draws
FROM rating_draws d
JOIN innovation_rating r ON r.region_kato = d.region_kato AND r.year = d.year
WHERE d.assumption = 'joint'
GROUP BY d.region_kato, r.region_name, d.year
