-- per_capita_on_vintage: GRP per capita of every region on every boundary
-- vintage its GRP can be expressed on (an internal table; grp_per_capita.sql
-- publishes the rows on the GRP's own borders, beta_convergence.sql compares
-- two years on common borders).
--
-- Source: no paper: data preparation on boundary vintages (docs/data.md).
--
--   grp_per_capita = GRP (million tenge) * 1000 / average annual population
--                    (thousand tenge per person)
--
-- Edge cases:
-- Population, on the same borders as the GRP, never mixed:
-- 1. the annual average population (`population_avg`), as the BNS divides by;
-- 2. else the mean of the 1 January populations of t and t+1 (`population`),
--    both on these borders, the usual approximation of the annual average.
-- Otherwise NULL with population_method NULL. Division by 0 gives NULL.
WITH g AS (SELECT * FROM on_vintage WHERE indicator = 'grp'),
pa AS (SELECT * FROM on_vintage WHERE indicator = 'population_avg' AND value IS NOT NULL),
pj AS (SELECT * FROM on_vintage WHERE indicator = 'population' AND value IS NOT NULL),
joined AS (
  SELECT g.region_kato, g.year, g.vintage, g.value AS grp, g.status AS grp_status, g.native, g.derived AS grp_derived,
         pa.value AS population_avg, pa.derived AS population_avg_derived,
         (j0.value + j1.value) / 2 AS population_jan_mean, j0.derived OR j1.derived AS population_jan_derived
  FROM g
  LEFT JOIN pa ON pa.region_kato = g.region_kato AND pa.year = g.year AND pa.vintage = g.vintage
  LEFT JOIN pj j0 ON j0.region_kato = g.region_kato AND j0.year = g.year AND j0.vintage = g.vintage
  LEFT JOIN pj j1 ON j1.region_kato = g.region_kato AND j1.year = g.year + 1 AND j1.vintage = g.vintage
)
SELECT region_kato, year, vintage, grp, grp_status, native, grp_derived,
       coalesce(population_avg, population_jan_mean) AS population,
       CASE
         WHEN population_avg IS NOT NULL THEN
           'annual average' || CASE WHEN population_avg_derived THEN ', sum of the parts on newer borders' ELSE '' END
         WHEN population_jan_mean IS NOT NULL THEN
           'mean of 1 January ' || year || ' and ' || (year + 1) || CASE WHEN population_jan_derived THEN ', sums of the parts on newer borders' ELSE '' END
       END AS population_method,
       grp * 1000 / nullif(coalesce(population_avg, population_jan_mean), 0) AS grp_per_capita
FROM joined
