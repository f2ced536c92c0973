-- beta_convergence: do poorer regions grow faster? OLS across regions of
-- the average annual growth of GRP per capita on its initial level
-- (docs/methods.md section 2):
--
-- Source:
--   R. J. Barro, X. Sala-i-Martin, "Convergence", Journal of Political Economy 100(2) (1992).
--
--   g_r    = (1/T) ln(y_r,T1 / y_r,T0),   T = T1 - T0 years
--   g_r    = a + beta ln y_r,T0 + e_r      (regr_slope, regr_intercept, regr_r2)
--   speed  = -ln(1 + T beta) / T           (lambda, the speed of convergence per year)
--   half_life = ln 2 / speed               (years to close half the gap)
--
-- The slope is of the annualised growth, so 1 + T beta recovers the
-- cumulative slope before the log (the R package REAT applies the formula
-- to an already annualised slope, which is only right when T = 1).
-- T0 and T1 are the parameters beta_from and beta_to (default: the first and
-- last year with GRP per capita). Both years are compared on common borders,
-- the older of the two years' (on_vintage.sql sums successors: GRP and
-- population separately, never per-capita ratios), so the same territories
-- are compared. Edge cases: fewer than 3 regions: no row (no residual
-- degree of freedom); a perfect fit: standard error 0 (the residual sum of
-- squares, a difference of two equal sums, can round below 0); 1 + T beta <= 0: speed NULL; speed <= 0
-- (divergence): half_life NULL; nominal GRP (current prices): beta speaks of
-- relative levels, the common inflation only shifts the intercept.
WITH span AS (
  SELECT coalesce(getvariable('beta_from')::INTEGER, min(year)) AS t0,
         coalesce(getvariable('beta_to')::INTEGER, max(year)) AS t1
  FROM grp_per_capita WHERE rank IS NOT NULL
),
borders AS (
  SELECT s.t0, s.t1,
         least((SELECT max(boundary_vintage) FROM grp_per_capita WHERE year = s.t0 AND rank IS NOT NULL),
               (SELECT max(boundary_vintage) FROM grp_per_capita WHERE year = s.t1 AND rank IS NOT NULL)) AS vintage
  FROM span s WHERE s.t1 > s.t0
),
pairs AS (
  SELECT b.t0, b.t1, b.vintage, a.region_kato, ln(a.grp_per_capita) AS ln_y0,
         ln(z.grp_per_capita / a.grp_per_capita) / (b.t1 - b.t0) AS g
  FROM borders b
  JOIN per_capita_on_vintage a ON a.year = b.t0 AND a.vintage = b.vintage
  JOIN per_capita_on_vintage z ON z.year = b.t1 AND z.vintage = b.vintage AND z.region_kato = a.region_kato
  WHERE a.region_kato <> '000000000' AND a.grp_per_capita > 0 AND z.grp_per_capita > 0
),
fit AS (
  SELECT t0, t1, vintage, count(*)::INTEGER AS n, regr_slope(g, ln_y0) AS beta, regr_intercept(g, ln_y0) AS intercept,
         regr_r2(g, ln_y0) AS r2, regr_sxx(g, ln_y0) AS sxx, regr_syy(g, ln_y0) AS syy, regr_sxy(g, ln_y0) AS sxy
  FROM pairs GROUP BY t0, t1, vintage
)
SELECT t0 AS from_year, t1 AS to_year, vintage AS boundary_vintage, n AS regions, beta,
       sqrt(greatest(syy - sxy * sxy / nullif(sxx, 0), 0) / (n - 2) / nullif(sxx, 0)) AS beta_std_error,
       intercept, r2,
       CASE WHEN 1 + (t1 - t0) * beta > 0 THEN -ln(1 + (t1 - t0) * beta) / (t1 - t0) END AS convergence_speed,
       CASE WHEN 1 + (t1 - t0) * beta > 0 AND -ln(1 + (t1 - t0) * beta) > 0
            THEN ln(2) / (-ln(1 + (t1 - t0) * beta) / (t1 - t0)) END AS half_life
FROM fit WHERE n >= 3
