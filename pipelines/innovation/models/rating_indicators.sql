-- rating_indicators: the indicators of the regional innovation rating and
-- their two groups (Kireeva 2015: "factors that describe the level of
-- susceptibility to innovation in the region, and the parameters of innovation
-- activity in the region"; docs/methods.md 1.2). Ids are those of the indicator
-- catalogue. Each `position` is one indicator of a group; `group_size` is the
-- number of positions that define a group: the coverage rule ("fewer than half
-- of a group's indicators") counts against it, not against what a source
-- happens to publish.
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Edge cases:
-- Position 6, the activity group's expenditure measure, changed with the
-- BNS's survey: expenditure on technological innovation
-- (`tech_innovation_expenditure_pct_grp`) up to the 2021 survey; from the 2022
-- survey the BNS publishes expenditure on innovation, product and
-- business-process (`innovation_expenditure_pct_grp`), and no longer the
-- former. An indicator counts only in the years [from_year, to_year] of its
-- row (NULL = open). This is a break in the series: the two measures are not
-- the same quantity, and a score before 2022 does not compare with one after
-- it on this position. `slot` names what a position measures.
WITH t AS (
  SELECT * FROM (VALUES
    ('rd_organisations',                    'conditions', 1, 'rd_organisations',        NULL, NULL),
    ('researchers_per_million',             'conditions', 2, 'researchers_per_million', NULL, NULL),
    ('rd_expenditure_pct_grp',              'conditions', 3, 'rd_expenditure_pct_grp',  NULL, NULL),
    ('innovation_active_enterprises_pct',   'activity',   4, 'innovation_active_enterprises_pct', NULL, NULL),
    ('innovative_products_pct_grp',         'activity',   5, 'innovative_products_pct_grp', NULL, NULL),
    ('tech_innovation_expenditure_pct_grp', 'activity',   6, 'expenditure',             NULL, 2021),
    ('innovation_expenditure_pct_grp',      'activity',   6, 'expenditure',             2022, NULL)
  ) AS v(indicator, "group", position, slot, from_year, to_year)
)
SELECT t.indicator, t."group", t.position, t.slot, t.from_year::INTEGER AS from_year, t.to_year::INTEGER AS to_year,
       g.group_size
FROM t JOIN (SELECT "group", count(DISTINCT position) AS group_size FROM t GROUP BY "group") g USING ("group")
