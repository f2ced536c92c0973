-- rating_indicators: the indicators of the regional innovation rating and
-- their two groups (seed 002: "factors that describe the level of
-- susceptibility to innovation in the region, and the parameters of innovation
-- activity in the region"; METHODS.md 1.2). Ids are those of the indicator
-- catalogue. `group_size` is the number of indicators that define a group:
-- the coverage rule ("fewer than half of a group's indicators") counts
-- against it, not against what a source happens to publish.
SELECT indicator, "group", position, count(*) OVER (PARTITION BY "group") AS group_size
FROM (VALUES
  ('rd_organisations',                    'conditions', 1),
  ('researchers_per_million',             'conditions', 2),
  ('rd_expenditure_pct_grp',              'conditions', 3),
  ('innovation_active_enterprises_pct',   'activity',   4),
  ('innovative_products_pct_grp',         'activity',   5),
  ('tech_innovation_expenditure_pct_grp', 'activity',   6)
) AS t(indicator, "group", position)
