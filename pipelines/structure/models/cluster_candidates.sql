-- cluster_candidates: region-industry pairs concentrated enough to be
-- cluster candidates (Kokenova et al. 2020, with the thresholds of the cluster-mapping
-- practice it draws on), per year:
--
-- Source:
--   A. T. Kokenova, J. K. Turebayeva, A. O. Demeubayeva, D. A. Kulanova, A. A. Shadiyeva,
--     "Conceptual and empirical grounds for using the cluster approach in the management of
--     economic processes", News of the National Academy of Sciences of the Republic of Kazakhstan,
--     1(329) (2020).
--
--   LQ_r,i >= cluster_lq_min (default 1.25)
--   AND share_of_national = GVA_r,i / GVA_KZ,i * 100 >= cluster_share_min_pct (default 5)
--
-- Both thresholds are parameters. lq_trend = OLS slope of LQ on the year
-- (regr_slope) over the last trend_years years up to and including `year`
-- (default 5), on the same territory (macros.sql territory()); NULL with fewer than 3 points in the
-- window, since a slope through two points is only a difference (that is
-- lq_change, against the previous year). Edge cases: an LQ of NULL (0/0) is
-- never a candidate; a region on older borders beside its successors (South
-- Kazakhstan 2011-2017) is listed with `older_borders`.
WITH lq AS (SELECT *, territory(region_kato, boundary_vintage) AS land FROM location_quotients WHERE lq IS NOT NULL),
trend AS (
  SELECT a.region_kato, a.year, a.industry,
         regr_slope(b.lq, b.year) AS slope, count(b.lq)::INTEGER AS points, min(b.year) AS first_year,
         max(b.lq) FILTER (WHERE b.year = a.year - 1) AS lq_previous
  FROM lq a
  JOIN lq b ON b.land = a.land AND b.industry = a.industry
    AND b.year BETWEEN a.year - getvariable('trend_years') + 1 AND a.year
  GROUP BY a.region_kato, a.year, a.industry
)
SELECT a.region_kato, a.year, a.industry, a.boundary_vintage, a.lq, a.share_of_national, a.share_region, a.gva,
       CASE WHEN t.points >= 3 THEN t.slope END AS lq_trend,
       t.points AS trend_points, t.first_year AS trend_from,
       a.lq - t.lq_previous AS lq_change,
       a.older_borders
FROM lq a JOIN trend t ON t.region_kato = a.region_kato AND t.year = a.year AND t.industry = a.industry
WHERE a.lq >= getvariable('cluster_lq_min') AND a.share_of_national >= getvariable('cluster_share_min_pct')
