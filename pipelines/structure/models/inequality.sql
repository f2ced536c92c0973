-- inequality: regional inequality of GRP per capita across regions, per
-- year, unweighted unless said (docs/methods.md section 2):
--
-- Sources:
--   H. Theil, "Economics and Information Theory" (1967), for Theil T and L;
--   J. G. Williamson, "Regional inequality and the process of national development: a description
--     of the patterns", Economic Development and Cultural Change 13(4) (1965), for the weighted CV.
--
--   cv         = stddev_samp(y) / mean(y)                (n - 1)
--   theil      = (1/n) sum (y/m) ln(y/m)                 (Theil T)
--   mld        = (1/n) sum ln(m/y)                       (Theil L, mean log deviation)
--   gini       = sum_i sum_j |y_i - y_j| / (2 n^2 m)
--   williamson = sqrt(sum_i (P_i/P) (y_i - Y)^2) / Y     (population-weighted CV,
--                Y = sum GRP / sum population, the national per-capita figure)
--   sigma      = stddev_pop(ln y)                        (sigma-convergence: falls when regions converge)
--
-- Over the regions of the year's newest borders (grp_per_capita rows with a
-- rank): a parent and its children are never in the same year's set.
-- Edge cases: fewer than two regions give NULL (there is no spread); every
-- y > 0 (GRP per capita is positive; a region without population has no y
-- and is left out, `regions` counts those used).
WITH y AS (
  SELECT year, boundary_vintage, region_kato, grp_per_capita AS y, grp, population
  FROM grp_per_capita WHERE rank IS NOT NULL AND grp_per_capita > 0
),
m AS (
  SELECT year, any_value(boundary_vintage) AS boundary_vintage, count(*)::INTEGER AS n, avg(y) AS mean,
         stddev_samp(y) AS sd, stddev_pop(ln(y)) AS sigma, sum(grp) * 1000 / sum(population) AS y_national,
         sum(population) AS population
  FROM y GROUP BY year
),
pairs AS (
  SELECT a.year, sum(abs(a.y - b.y)) AS abs_diff FROM y a JOIN y b ON b.year = a.year GROUP BY a.year
),
terms AS (
  SELECT y.year, avg((y.y / m.mean) * ln(y.y / m.mean)) AS theil, avg(ln(m.mean / y.y)) AS mld,
         sqrt(sum(y.population / m.population * (y.y - m.y_national) ** 2)) / m.y_national AS williamson
  FROM y JOIN m ON m.year = y.year GROUP BY y.year, m.y_national
)
SELECT m.year, m.boundary_vintage, m.n AS regions, m.mean AS mean_grp_per_capita, m.y_national AS national_grp_per_capita,
       CASE WHEN m.n >= 2 THEN m.sd / nullif(m.mean, 0) END AS cv,
       CASE WHEN m.n >= 2 THEN t.theil END AS theil,
       CASE WHEN m.n >= 2 THEN t.mld END AS mld,
       CASE WHEN m.n >= 2 THEN p.abs_diff / (2 * m.n * m.n * m.mean) END AS gini,
       CASE WHEN m.n >= 2 THEN t.williamson END AS williamson,
       CASE WHEN m.n >= 2 THEN m.sigma END AS sigma
FROM m JOIN pairs p ON p.year = m.year JOIN terms t ON t.year = m.year
