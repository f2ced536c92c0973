-- grp_shares: the innovation money figures as a share of the region's GRP
-- (Kireeva 2015 rates regions on innovative products and on expenditure as % of
-- GRP; the BNS bulletins publish the money, not the shares; docs/methods.md 1.2).
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Formula: value = money_r,t / GRP_r,t * 100 (percent), both in million tenge
-- (observations hold every figure in its catalogue unit), for
--   innovative_products    -> innovative_products_pct_grp
--   innovation_expenditure -> innovation_expenditure_pct_grp
--   rd_expenditure         -> rd_expenditure_pct_grp
-- with GRP of the same region and year, from the bundled regional GRP (the
-- newest vintage of it: observations keep one figure per key).
--
-- The rating uses a share a source publishes where there is one
-- (`published_value`: the BNS SDG platform gives R&D expenditure as % of GRP,
-- rounded to 0.01) and the computed one only where none is published
-- (`used_by_rating`; an unpublished money figure goes in as unpublished, with
-- its status). The Republic row is GDP, so its share is of GDP.
--
-- Edge cases (value NULL, `reason` says why):
-- * the money figure is not published (x, -, …): missing, not zero;
-- * no GRP for the region and year, or GRP not published, or 0 (no division
--   by zero);
-- * the money figure and GRP are on borders covering different land
--   (same_territory): a 2022 figure of East Kazakhstan without Abai is never
--   divided by a GRP that includes Abai;
-- * the two figures in different units (a unit of another kind kept
--   unconverted): never divided.
WITH money AS (
  SELECT m.share, o.indicator, o.region_kato, o.year, o.value, o.status, o.unit, o.boundary_vintage, o.source
  FROM observations o
  JOIN (VALUES ('innovative_products', 'innovative_products_pct_grp'),
               ('innovation_expenditure', 'innovation_expenditure_pct_grp'),
               ('rd_expenditure', 'rd_expenditure_pct_grp')) AS m(money, share) ON m.money = o.indicator
  WHERE o.period_type = 'year'
    AND covers_all(o.industry) AND covers_all(o.partner) AND covers_all(o.product) AND covers_all(o.flow)
    AND o.region_kato IN (SELECT kato FROM regions)
),
annual AS (
  SELECT indicator, region_kato, year, value, status, unit, boundary_vintage, source
  FROM observations
  WHERE indicator IN ('grp', 'innovative_products_pct_grp', 'innovation_expenditure_pct_grp', 'rd_expenditure_pct_grp')
    AND period_type = 'year'
    AND covers_all(industry) AND covers_all(partner) AND covers_all(product) AND covers_all(flow)
),
shares AS (
  SELECT m.share AS indicator, m.region_kato, m.year, m.indicator AS money_indicator,
         m.value AS money_value, m.status AS money_status, m.unit AS money_unit,
         g.value AS grp, g.status AS grp_status, g.unit AS grp_unit,
         m.boundary_vintage, g.boundary_vintage AS grp_boundary_vintage,
         g.region_kato IS NOT NULL AND same_territory(m.region_kato, m.boundary_vintage, g.boundary_vintage) AS same_land,
         p.region_kato IS NOT NULL AS published, p.value AS published_value,
         m.source AS money_source, g.source AS grp_source
  FROM money m
  LEFT JOIN annual g ON g.indicator = 'grp' AND g.region_kato = m.region_kato AND g.year = m.year
  LEFT JOIN annual p ON p.indicator = m.share AND p.region_kato = m.region_kato AND p.year = m.year
)
SELECT indicator, region_kato, year, boundary_vintage,
       CASE WHEN same_land AND money_unit = grp_unit THEN money_value / nullif(grp, 0) * 100 END AS value,
       'percent' AS unit,
       money_indicator, money_value, money_unit, grp,
       published_value,
       NOT published AND (money_value IS NULL OR (same_land AND money_unit = grp_unit AND grp <> 0)) AS used_by_rating,
       money_status AS status,
       CASE WHEN money_value IS NULL THEN money_indicator || ' not published (status ' || coalesce(money_status, 'empty') || ')'
            WHEN grp_unit IS NULL THEN 'no GRP for ' || year
            WHEN grp IS NULL THEN 'GRP not published (status ' || coalesce(grp_status, 'empty') || ')'
            WHEN NOT same_land THEN money_indicator || ' on the ' || boundary_vintage || ' borders, GRP on the ' ||
                                    grp_boundary_vintage || ' borders, where the region covers other land'
            WHEN money_unit <> grp_unit THEN money_indicator || ' in ' || money_unit || ', GRP in ' || grp_unit
            WHEN grp = 0 THEN 'GRP is 0'
       END AS reason,
       money_source || ' / ' || coalesce(grp_source, 'no GRP') AS source
FROM shares
