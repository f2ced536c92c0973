-- rd_efficiency: how much of the country's innovative output a region
-- produces for its share of the country's R&D spending (Kireeva 2015: class-B
-- regions have "low economic efficiency of expenditure on R&D: the share of
-- produced innovation products is several times smaller than the share of
-- domestic expenditures on research and development"; docs/methods.md 1.3).
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- Formula:
--   share_innovative_products = innovative_products_r / innovative_products_KZ * 100
--   share_rd_expenditure      = rd_expenditure_r / rd_expenditure_KZ * 100
--   efficiency                = share_innovative_products / share_rd_expenditure
-- (1 = the region's share of output equals its share of spending). One row
-- per region and year where both indicators have a figure for the region.
--
-- National totals: the published Republic row. Where a source has none, the
-- sum of the regions on the newest borders that source uses in that year (a
-- retired South Kazakhstan printed beside Turkestan and Shymkent is not added
-- twice), flagged in *_total_derived; a region whose figure is not published
-- makes that sum unknown (missing is not zero).
--
-- Edge cases (efficiency NULL, `reason` says why): a figure not published;
-- the region's two figures on borders covering different land; an R&D
-- expenditure of 0 (division by zero gives NULL); an unknown national total.
WITH obs AS (
  SELECT indicator, region_kato, year, value, status, unit, boundary_vintage
  FROM observations
  WHERE indicator IN ('innovative_products', 'rd_expenditure') AND period_type = 'year'
    AND covers_all(industry) AND covers_all(partner) AND covers_all(product) AND covers_all(flow)
    AND region_kato IN (SELECT kato FROM regions)
),
regional AS (
  SELECT * FROM obs WHERE region_kato <> '000000000'
),
newest AS (
  SELECT indicator, year, max(boundary_vintage) AS vintage FROM regional GROUP BY ALL
),
summed AS (
  SELECT r.indicator, r.year,
         CASE WHEN count(*) = count(r.value) THEN sum(r.value) END AS total
  FROM regional r JOIN newest n ON n.indicator = r.indicator AND n.year = r.year AND n.vintage = r.boundary_vintage
  GROUP BY ALL
),
totals AS (
  SELECT s.indicator, s.year,
         coalesce(p.value, CASE WHEN p.region_kato IS NULL THEN s.total END) AS total,
         p.region_kato IS NULL AS derived
  FROM summed s
  LEFT JOIN obs p ON p.indicator = s.indicator AND p.year = s.year AND p.region_kato = '000000000'
),
pairs AS (
  SELECT ip.region_kato, ip.year, ip.boundary_vintage,
         ip.value AS innovative_products, rd.value AS rd_expenditure, ip.unit,
         tip.total AS innovative_products_total, trd.total AS rd_expenditure_total,
         tip.derived AS innovative_products_total_derived, trd.derived AS rd_expenditure_total_derived,
         ip.value / nullif(tip.total, 0) * 100 AS share_innovative_products,
         rd.value / nullif(trd.total, 0) * 100 AS share_rd_expenditure,
         same_territory(ip.region_kato, ip.boundary_vintage, rd.boundary_vintage) AS same_land,
         rd.boundary_vintage AS rd_boundary_vintage, ip.status AS ip_status, rd.status AS rd_status
  FROM regional ip
  JOIN regional rd ON rd.region_kato = ip.region_kato AND rd.year = ip.year AND rd.indicator = 'rd_expenditure'
  LEFT JOIN totals tip ON tip.indicator = 'innovative_products' AND tip.year = ip.year
  LEFT JOIN totals trd ON trd.indicator = 'rd_expenditure' AND trd.year = ip.year
  WHERE ip.indicator = 'innovative_products'
)
SELECT region_kato, year, boundary_vintage, innovative_products, rd_expenditure, unit,
       innovative_products_total, rd_expenditure_total,
       innovative_products_total_derived, rd_expenditure_total_derived,
       share_innovative_products, share_rd_expenditure,
       CASE WHEN same_land THEN share_innovative_products / nullif(share_rd_expenditure, 0) END AS efficiency,
       CASE WHEN innovative_products IS NULL THEN 'innovative_products not published (status ' || coalesce(ip_status, 'empty') || ')'
            WHEN rd_expenditure IS NULL THEN 'rd_expenditure not published (status ' || coalesce(rd_status, 'empty') || ')'
            WHEN NOT same_land THEN 'innovative_products on the ' || boundary_vintage || ' borders, rd_expenditure on the ' ||
                                    rd_boundary_vintage || ' borders, where the region covers other land'
            WHEN innovative_products_total IS NULL OR rd_expenditure_total IS NULL
              THEN 'the national total is unknown (no Republic row, and a region''s figure is not published)'
            WHEN rd_expenditure = 0 THEN 'no R&D expenditure: the ratio is undefined'
            WHEN innovative_products_total = 0 OR rd_expenditure_total = 0 THEN 'the national total is 0'
       END AS reason
FROM pairs
