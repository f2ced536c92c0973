-- rating_treatment: outlier treatment of each rating indicator, per year,
-- before normalisation (OECD/JRC, Handbook on Constructing Composite
-- Indicators: Methodology and User Guide, 2008, step 3; the procedure and
-- defaults of COINr: Becker, Caperna, Del Sorbo, Norlén, Papadimitriou and
-- Saisana, "COINr: An R package for developing composite indicators", Journal
-- of Open Source Software 7(78), 4567, 2022).
--
-- With getvariable('treatment') = 'none' (the default) nothing is treated:
-- treated_value is NULL and the flag 'none'. With 'winsorise', per indicator
-- and year over the regions' used figures x (n of them, sample SD s):
--   skew = n / ((n-1)(n-2)) * sum(((x - mean) / s)^3)                (DuckDB skewness)
--   kurt = n(n+1) / ((n-1)(n-2)(n-3)) * sum(((x - mean) / s)^4)
--          - 3 (n-1)^2 / ((n-2)(n-3))                     (excess; DuckDB kurtosis)
-- the sample formulas of COINr (e1071 type 2, Excel SKEW and KURT). An
-- indicator fails when |skew| > skew_threshold (2) AND kurt >
-- kurtosis_threshold (3.5). A failing one is winsorised on the side of its
-- skew: step k replaces the k highest distinct values (positive skew; the
-- lowest for negative skew) by the next one, i.e. treated = least(x, the
-- (k+1)-th highest distinct value), the test is run again after each step,
-- and the first passing step is kept, up to winmax (5) steps. The side is
-- the one of the original skew and does not change between steps (COINr's
-- default). If no step up to winmax passes, the original values are log
-- transformed instead:
--   positive skew  treated = ln(x - min + 0.01 (max - min))
--   negative skew  treated = -ln(max - x + 0.01 (max - min))
-- the second is the first applied to the reflected series (max - x) and
-- negated again, so that a higher figure still means a higher treated value.
-- Example: 1..10, 100 fails (skew 3.26, kurt 10.71); step 1 gives 1..10, 10.
--
-- Edge cases:
-- * skewness needs 3 figures and kurtosis 4, and both a positive SD: with
--   fewer figures (too few regions, an indicator with one value) or all
--   figures equal (a constant indicator) nothing is treated and the flag says
--   why ('not tested: ...');
-- * tied extremes are replaced together, in one step (they are one value);
-- * a step that would make every figure equal cannot pass (skewness is then
--   undefined): winsorising has nowhere to go and the log transform follows;
-- * figures the rating does not use are neither tested nor treated (NULL).
WITH used AS (
  SELECT region_kato, year, indicator, value_used AS x FROM rating_figures WHERE value_used IS NOT NULL
),
stats AS (
  SELECT indicator, year, count(*) AS n, min(x) AS lo, max(x) AS hi, stddev_samp(x) AS sd,
         skewness(x) AS skew, kurtosis(x) AS kurt
  FROM used GROUP BY ALL
),
judged AS (
  SELECT *,
         n >= 4 AND sd > 0 AS testable,
         n >= 4 AND sd > 0 AND abs(skew) > getvariable('skew_threshold') AND kurt > getvariable('kurtosis_threshold') AS fails
  FROM stats
),
levels AS (
  SELECT indicator, year, x AS level,
         dense_rank() OVER (PARTITION BY indicator, year ORDER BY x DESC) AS from_top,
         dense_rank() OVER (PARTITION BY indicator, year ORDER BY x) AS from_bottom
  FROM (SELECT DISTINCT indicator, year, x FROM used)
),
steps AS (
  SELECT j.indicator, j.year, j.skew > 0 AS high_side, k.step, l.level AS cap
  FROM judged j
  CROSS JOIN (SELECT unnest(range(1, getvariable('winmax')::INTEGER + 1)) AS step) k
  JOIN levels l ON l.indicator = j.indicator AND l.year = j.year
    AND (CASE WHEN j.skew > 0 THEN l.from_top ELSE l.from_bottom END) = k.step + 1
  WHERE j.fails
),
retested AS (
  SELECT s.indicator, s.year, s.step, s.cap, s.high_side,
         coalesce(stddev_samp(t) > 0
                  AND NOT (abs(skewness(t)) > getvariable('skew_threshold') AND kurtosis(t) > getvariable('kurtosis_threshold')),
                  false) AS passes
  FROM steps s
  JOIN used u ON u.indicator = s.indicator AND u.year = s.year,
  LATERAL (SELECT CASE WHEN s.high_side THEN least(u.x, s.cap) ELSE greatest(u.x, s.cap) END AS t)
  GROUP BY ALL
),
chosen AS (
  SELECT indicator, year, arg_min(cap, step) AS cap, min(step) AS step, any_value(high_side) AS high_side
  FROM retested WHERE passes GROUP BY ALL
)
SELECT u.region_kato, u.year, u.indicator,
       CASE WHEN getvariable('treatment') = 'none' THEN NULL
            WHEN c.step IS NOT NULL THEN (CASE WHEN c.high_side THEN least(u.x, c.cap) ELSE greatest(u.x, c.cap) END)
            WHEN j.fails AND j.skew > 0 THEN ln(u.x - j.lo + 0.01 * (j.hi - j.lo))
            WHEN j.fails THEN -ln(j.hi - u.x + 0.01 * (j.hi - j.lo))
            ELSE u.x END AS treated_value,
       CASE WHEN getvariable('treatment') = 'none' THEN 'none'
            WHEN NOT j.testable AND j.n < 4
              THEN 'not tested: ' || j.n || ' figure' || CASE WHEN j.n = 1 THEN '' ELSE 's' END ||
                   ' in the year, skewness and kurtosis need 4'
            WHEN NOT j.testable THEN 'not tested: all figures of the year are equal'
            WHEN NOT j.fails
              THEN 'within thresholds (skewness ' || round(j.skew, 2) || ', kurtosis ' || round(j.kurt, 2) || ')'
            WHEN c.step IS NOT NULL
              THEN CASE WHEN u.x <> (CASE WHEN c.high_side THEN least(u.x, c.cap) ELSE greatest(u.x, c.cap) END)
                        THEN 'winsorised' ELSE 'kept' END ||
                   ' (' || CASE WHEN c.high_side THEN 'highest' ELSE 'lowest' END || ' values set to ' || fmt_num(c.cap) ||
                   ' in ' || c.step || ' step' || CASE WHEN c.step = 1 THEN '' ELSE 's' END || ')'
            ELSE 'log transformed (winsorising ' || getvariable('winmax')::INTEGER || ' steps did not pass)'
       END AS treatment
FROM used u
JOIN judged j ON j.indicator = u.indicator AND j.year = u.year
LEFT JOIN chosen c ON c.indicator = u.indicator AND c.year = u.year
