-- rating_scenarios: the design of the uncertainty and sensitivity analysis of
-- the innovation rating (OECD/JRC, Handbook on Constructing Composite
-- Indicators: Methodology and User Guide, 2008, step 7; Saisana, Saltelli and
-- Tarantola, "Uncertainty and sensitivity analysis techniques as tools for
-- the quality assessment of composite indicators", Journal of the Royal
-- Statistical Society A 168(2), 2005; COINr's get_sensitivity: Becker et
-- al., JOSS 7(78), 4567, 2022). One row per scenario: a choice of
-- normalisation, aggregation, weights and indicator left out.
--
-- assumption 'joint', scenarios 1..uncertainty_draws (default 200): every
--   assumption drawn at once, u = uniform_draw(uncertainty_seed, scenario, key):
--   normalisation  minmax, zscore or rank (equally likely);
--   aggregation    arithmetic, geometric or harmonic (equally likely);
--   left_out       none or one of the 6 positions of rating_indicators
--                  (equally likely, 1 in 7 each);
--   weights        each indicator and group weight times 1 + weight_range *
--                  (2u - 1), uniform within +/- weight_range (default 25 %).
-- one at a time (the rest as the published rating, norm 'nominal' = its
-- normalised values): 'normalisation' each method of the three other than
-- normalisation_method; 'aggregation' each other mean; 'left_out' each
-- position; 'weights' uncertainty_draws perturbations of the weights alone.
--
-- Edge cases: goalposts and distance_to_target need declarations per
-- indicator and are not drawn; when one is the nominal method it is the
-- baseline of the one-at-a-time scenarios only. The same seed gives the same
-- scenarios; another seed, other draws.
WITH p AS (
  SELECT getvariable('uncertainty_seed') AS seed, getvariable('uncertainty_draws')::INTEGER AS n
),
joint AS (
  SELECT d.scenario, 'joint' AS assumption, NULL::VARCHAR AS level,
         ['minmax', 'zscore', 'rank'][1 + floor(uniform_draw(p.seed, d.scenario, 'normalisation') * 3)::INTEGER] AS norm,
         ['arithmetic', 'geometric', 'harmonic'][1 + floor(uniform_draw(p.seed, d.scenario, 'aggregation') * 3)::INTEGER] AS agg,
         floor(uniform_draw(p.seed, d.scenario, 'left_out') * 7)::INTEGER AS left_out,
         true AS perturbed
  FROM p, LATERAL (SELECT unnest(range(1, p.n + 1)) AS scenario) d
),
one_at_a_time AS (
  SELECT 'normalisation' AS assumption, m AS level, m AS norm, getvariable('aggregation') AS agg, 0 AS left_out, false AS perturbed
  FROM unnest(['minmax', 'zscore', 'rank']) t(m) WHERE m <> getvariable('normalisation_method')
  UNION ALL
  SELECT 'aggregation', a, 'nominal', a, 0, false
  FROM unnest(['arithmetic', 'geometric', 'harmonic']) t(a) WHERE a <> getvariable('aggregation')
  UNION ALL
  SELECT 'left_out', position::VARCHAR, 'nominal', getvariable('aggregation'), position, false
  FROM (SELECT DISTINCT position FROM rating_indicators)
  UNION ALL
  SELECT 'weights', NULL, 'nominal', getvariable('aggregation'), 0, true
  FROM p, LATERAL (SELECT unnest(range(1, p.n + 1)))
)
SELECT * FROM joint
UNION ALL
SELECT (SELECT n FROM p) + row_number() OVER (ORDER BY assumption, level) AS scenario, * FROM one_at_a_time
