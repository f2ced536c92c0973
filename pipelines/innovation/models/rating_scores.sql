-- rating_scores: group scores and the composite score of each region and year
-- (Kireeva 2015, table 2; docs/methods.md 1.2 steps 3-4).
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Formula (the mean M is getvariable('aggregation'): arithmetic, the
-- default, geometric or harmonic; weighted_mean in macros.sql):
--   group score  G_g = M of the region's normalised indicators of group g
--                      that are present (rating_inputs.normalised), with the
--                      indicator weights of indicator_weight (1 each by
--                      default) renormalised over the indicators present;
--   score        S   = M of G_conditions and G_activity with the group
--                      weights w_c, w_a (group_weight; weight_conditions and
--                      weight_activity, 0.5 / 0.5 by default); arithmetic:
--                      (w_c * G_conditions + w_a * G_activity) / (w_c + w_a);
--   coverage         = indicators present for the region / the six of the
--                      rating * 100 (percent);
--   expenditure_measure = the activity group's expenditure measure in force
--                      that year (rating_indicators: tech_innovation_expenditure_pct_grp
--                      up to 2021, innovation_expenditure_pct_grp from 2022).
--
-- Edge cases:
-- * a region with fewer than min_group_coverage (default: half) of a group's
--   indicators (counted against the group's definition, three each) gets no
--   group score and therefore no score; `reason` names the group, how many
--   of its indicators the region has and which;
-- * when no region has any usable indicator of a group in a year (the source
--   does not publish it: the activity group in the bundled BNS data), the
--   score is the other group's score, `partial` is true and `missing_group`
--   names the group. Nothing is imputed;
-- * when neither group has a figure in the year, no score, with a reason;
-- * a region appears in a year when it has at least one figure (even an
--   unpublished one) of a rating indicator then.
WITH region_years AS (
  SELECT DISTINCT region_kato, year, rating_vintage FROM rating_inputs
),
groups AS (
  SELECT DISTINCT "group", group_size, group_weight("group") AS group_weight FROM rating_indicators
),
published AS (
  SELECT year, "group", count(DISTINCT indicator) FILTER (WHERE used) AS n_published
  FROM rating_inputs GROUP BY ALL
),
per_group AS (
  SELECT ry.region_kato, ry.year, ry.rating_vintage, g."group", g.group_size, g.group_weight,
         coalesce(p.n_published, 0) AS n_published,
         count(ri.normalised) AS n,
         weighted_mean(getvariable('aggregation'), indicator_weight(ri.indicator), ri.normalised) AS mean,
         string_agg(ri.indicator, ', ' ORDER BY ri.position) FILTER (WHERE ri.normalised IS NOT NULL) AS present
  FROM region_years ry
  CROSS JOIN groups g
  LEFT JOIN published p ON p.year = ry.year AND p."group" = g."group"
  LEFT JOIN rating_inputs ri ON ri.region_kato = ry.region_kato AND ri.year = ry.year AND ri."group" = g."group"
  GROUP BY ALL
),
judged AS (
  SELECT *,
         n_published > 0 AS group_published,
         CASE WHEN n_published > 0 AND n::DOUBLE / group_size >= getvariable('min_group_coverage') THEN mean END AS group_score,
         CASE WHEN n_published > 0 AND n::DOUBLE / group_size < getvariable('min_group_coverage') THEN
           "group" || ' group: ' ||
           CASE WHEN n = 0 THEN 'none of its ' || group_size || ' indicators'
                ELSE n || ' of ' || group_size || ' indicators (' || present || ')' END ||
           ', fewer than ' || fmt_num(getvariable('min_group_coverage') * 100) || ' % of them'
         END AS group_reason
  FROM per_group
),
wide AS (
  SELECT region_kato, year, any_value(rating_vintage) AS boundary_vintage,
         any_value(group_score) FILTER (WHERE "group" = 'conditions') AS conditions_score,
         any_value(group_score) FILTER (WHERE "group" = 'activity') AS activity_score,
         any_value(group_weight) FILTER (WHERE "group" = 'conditions') AS wc,
         any_value(group_weight) FILTER (WHERE "group" = 'activity') AS wa,
         any_value(group_published) FILTER (WHERE "group" = 'conditions') AS conditions_published,
         any_value(group_published) FILTER (WHERE "group" = 'activity') AS activity_published,
         sum(n) FILTER (WHERE "group" = 'conditions')::INTEGER AS conditions_indicators,
         sum(n) FILTER (WHERE "group" = 'activity')::INTEGER AS activity_indicators,
         sum(n)::DOUBLE / (SELECT count(DISTINCT position) FROM rating_indicators) * 100 AS coverage,
         string_agg(present, ', ' ORDER BY "group" DESC) AS indicators_used,
         string_agg(group_reason, '; ' ORDER BY "group" DESC) AS group_reasons
  FROM judged
  GROUP BY region_kato, year
)
SELECT w.region_kato, r.name_en AS region_name, w.year, w.boundary_vintage,
       w.conditions_score, w.activity_score,
       CASE WHEN w.conditions_published AND w.activity_published
              THEN CASE getvariable('aggregation')
                     WHEN 'arithmetic' THEN (w.wc * w.conditions_score + w.wa * w.activity_score) / (w.wc + w.wa)
                     WHEN 'geometric' THEN exp((w.wc * ln(w.conditions_score) + w.wa * ln(w.activity_score)) / (w.wc + w.wa))
                     WHEN 'harmonic' THEN (w.wc + w.wa) / (w.wc / w.conditions_score + w.wa / w.activity_score) END
            WHEN w.conditions_published THEN w.conditions_score
            WHEN w.activity_published THEN w.activity_score
       END AS score,
       w.conditions_indicators, w.activity_indicators, w.coverage, w.indicators_used,
       (SELECT m.indicator FROM rating_indicators m
        WHERE m.slot = 'expenditure' AND w.year BETWEEN coalesce(m.from_year, w.year) AND coalesce(m.to_year, w.year))
         AS expenditure_measure,
       w.conditions_published <> w.activity_published AS partial,
       CASE WHEN w.conditions_published AND NOT w.activity_published THEN 'activity'
            WHEN w.activity_published AND NOT w.conditions_published THEN 'conditions' END AS missing_group,
       CASE WHEN NOT w.conditions_published AND NOT w.activity_published
              THEN 'no indicator of either group has a usable value in ' || w.year
            ELSE w.group_reasons END AS reason
FROM wide w
LEFT JOIN regions r ON r.kato = w.region_kato
