-- variety: related and unrelated variety (Frenken, Van Oort & Verburg 2007;
-- Taskarayeva et al. 2023 table 1, columns 3-4), where gross value added is given by OKED
-- division (two-digit `industry`), per region and year.
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   p_d  = GVA_r,d / sum_d GVA_r,d               (division shares)
--   P_g  = sum_{d in g} p_d                       (section shares, g = oked_section(d))
--   UV   = sum_g P_g log2(1 / P_g)                (unrelated variety, bits)
--   H_g  = -sum_{d in g} (p_d / P_g) log2(p_d / P_g)
--   RV   = sum_g P_g H_g                          (related variety, bits)
--   entropy over divisions = UV + RV (the decomposition; the test checks it)
--
-- Edge cases: 0 log 0 = 0; a section whose divisions are all 0 has P_g = 0
-- and contributes nothing; a code that is no OKED division is left out (it
-- cannot be placed in a section); a division with no figure is missing, not
-- 0, and `divisions` counts those with one. No division data: no rows (the
-- bundled BNS series is by section only; the run report says so).
WITH d AS (
  SELECT region_kato, year, industry AS division, oked_section(industry) AS section, value AS gva, boundary_vintage
  FROM observations
  WHERE indicator = 'gva' AND period_type = 'year' AND regexp_full_match(industry, '\d{2}')
    AND oked_section(industry) IS NOT NULL AND value IS NOT NULL
),
p AS (
  SELECT *, gva / nullif(sum(gva) OVER (PARTITION BY region_kato, year, boundary_vintage), 0) AS p FROM d
),
q AS (
  SELECT *, sum(p) OVER (PARTITION BY region_kato, year, boundary_vintage, section) AS pg FROM p
),
sections AS (
  SELECT region_kato, year, boundary_vintage, section, any_value(pg) AS pg,
         0 - sum(CASE WHEN pg > 0 THEN xlog2x(p / pg) WHEN pg = 0 THEN 0 END) AS hg
  FROM q GROUP BY region_kato, year, boundary_vintage, section
),
totals AS (
  SELECT region_kato, year, boundary_vintage, count(*)::INTEGER AS divisions, 0 - sum(xlog2x(p)) AS entropy_divisions
  FROM p GROUP BY region_kato, year, boundary_vintage
)
SELECT s.region_kato, s.year, s.boundary_vintage, t.divisions, count(*)::INTEGER AS sections,
       0 - sum(xlog2x(s.pg)) AS unrelated_variety,
       sum(s.pg * s.hg) AS related_variety,
       t.entropy_divisions
FROM sections s
JOIN totals t ON t.region_kato = s.region_kato AND t.year = s.year AND t.boundary_vintage = s.boundary_vintage
GROUP BY s.region_kato, s.year, s.boundary_vintage, t.divisions, t.entropy_divisions
