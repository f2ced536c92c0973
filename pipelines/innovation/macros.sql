-- Macros of the innovation pipeline (Kireeva 2015), shared by its index files.
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- same_territory(region, v1, v2): does `region` (a KATO code) cover the same land on
-- boundary vintage v1 as on v2 (registry/boundary_vintages.csv)? Only then
-- may two of its figures be compared or combined: a ratio of East Kazakhstan
-- 2023 (without Abai, 2022 borders) to East Kazakhstan 2010 (1997 borders)
-- measures a change of borders, not of R&D. True when v1 = v2; otherwise the
-- region must exist in both vintages and must not be one that
-- registry/territory_pieces.csv splits into several pieces between them (in
-- either direction: the table lists the older vintage as the target).
-- Edge cases: South Kazakhstan (1997 only) is never comparable to a 2018 or
-- 2022 figure; Turkestan on 2018 and on 2022 borders is the same land; the
-- Republic ('000000000') is the same land on every vintage.
CREATE OR REPLACE MACRO same_territory(region, v1, v2) AS
  v1 = v2 OR (
    EXISTS (SELECT 1 FROM regions r
            WHERE r.kato = region AND list_contains(r.vintages, v1) AND list_contains(r.vintages, v2))
    AND NOT EXISTS (SELECT 1 FROM territory_pieces p
                    WHERE p.target_kato = region
                      AND ((p.target_vintage = v1 AND p.source_vintage = v2)
                        OR (p.target_vintage = v2 AND p.source_vintage = v1))));

-- The weights and the weighted means the rating aggregates with in
-- rating_scores and rating_draws (OECD/JRC, Handbook on Constructing
-- Composite Indicators: Methodology and User Guide, 2008, step 6; Becker et
-- al., "COINr: An R package for developing composite indicators", JOSS 7(78),
-- 4567, 2022).
--
-- indicator_weight(indicator)  the entry of getvariable('weights') for the
--     indicator, else 1: equal weights within a group, the paper's choice;
-- group_weight(group)  the entry of getvariable('weights') for the group
--     ('conditions', 'activity'), else weight_conditions / weight_activity
--     (0.5 each).
-- The parameter `weights` is a JSON object or a CSV file of `name,weight`
-- rows; either way it reaches SQL as a JSON object (name -> weight). Only
-- ratios of weights matter, as every mean renormalises over what is present;
-- the two expenditure measures of position 6 (rating_indicators) are weighted
-- separately, each in its own years; a name that is neither an indicator nor
-- a group is refused when the parameter is read. Lookups rather than a
-- joined table: a join would reorder the rows a mean adds up, and move the
-- last bit of today's scores.
--
-- weighted_mean(method, w, x), an aggregate over the rows of a group:
--   arithmetic  sum(w x) / sum(w)
--   geometric   exp(sum(w ln x) / sum(w)) = (prod x^w)^(1 / sum(w))
--   harmonic    sum(w) / sum(w / x)
-- Weights are renormalised over the rows whose x is present: a missing
-- indicator drops out of numerator and denominator alike. Example: geometric
-- of (1, 2, 3) with weights (1, 1, 2) = (1 * 2 * 3^2)^(1/4).
-- Edge cases: geometric and harmonic need x > 0 (ln 0 and 1/0). The rating
-- refuses other input (pipelines/innovation/composite.ts, after the SQL
-- steps, naming region, year and indicator; nothing is then published); the
-- guards x > 0 inside keep DuckDB from stopping the run first with a bare
-- "cannot take logarithm", and let it evaluate every branch of the CASE when
-- the method differs from row to row (rating_draws), where the uncertainty
-- analysis has rescaled onto [1, 100]. No present x: NULL. The arithmetic
-- mean is written as avg(w x) / avg(w), the same value, so that equal weights
-- give exactly the bits of avg(x), the rating's mean before weights were
-- parameters.
CREATE OR REPLACE MACRO weighted_mean(method, w, x) AS
  CASE method
    WHEN 'arithmetic' THEN avg(w * x) / avg(CASE WHEN x IS NOT NULL THEN w END)
    WHEN 'geometric' THEN exp(sum(w * ln(CASE WHEN x > 0 THEN x END)) / sum(CASE WHEN x IS NOT NULL THEN w END))
    WHEN 'harmonic' THEN sum(CASE WHEN x IS NOT NULL THEN w END) / sum(w / CASE WHEN x > 0 THEN x END)
  END;

CREATE OR REPLACE MACRO indicator_weight(indicator) AS
  coalesce(json_extract(getvariable('weights'), '$.' || indicator)::DOUBLE, 1.0);

CREATE OR REPLACE MACRO group_weight(grp) AS
  coalesce(json_extract(getvariable('weights'), '$.' || grp)::DOUBLE,
           CASE grp WHEN 'conditions' THEN getvariable('weight_conditions') ELSE getvariable('weight_activity') END);

-- uniform_draw(seed, scenario, key): a pseudo-random number in [0, 1) from
-- DuckDB's hash of its three arguments: the same seed gives the same draws,
-- bit for bit, on any number of threads and in any row order (unlike
-- random(), whose sequence follows the order rows are evaluated in).
CREATE OR REPLACE MACRO uniform_draw(seed, scenario, key) AS
  (hash(seed::BIGINT, scenario::BIGINT, key::VARCHAR) % 1000003)::DOUBLE / 1000003;
