-- grp_per_capita: GRP per capita by region and year, on the borders the GRP
-- was published on, with its rank (Taskarayeva et al. 2023: "the first positions are
-- occupied by Atyrau region (20541.2 thousand tenge), Almaty (8944.8) and
-- Astana (7881.9)").
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   grp_per_capita = GRP * 1000 / population     (thousand tenge)
--   population     = annual average population on the same borders, else the
--                    mean of 1 January t and t+1 (per_capita_on_vintage.sql)
--   rank           = 1 for the highest, among the regions of the year's newest
--                    borders (ties share a rank); the Republic is not ranked
--
-- Edge cases: a region printed on older borders beside its recalculated
-- successors (South Kazakhstan 2011-2017) is kept with `older_borders` and no
-- rank, so a parent and its children are never ranked or added together; no
-- population on the same borders gives NULL and no rank. Where the published
-- per-capita figure is an input (`grp_per_capita`, as the BNS prints it), it
-- is shown beside ours with the difference in percent.
WITH pc AS (
  SELECT * FROM per_capita_on_vintage WHERE native
),
newest AS (
  SELECT year, max(vintage) AS vintage FROM pc WHERE region_kato <> '000000000' GROUP BY year
),
published AS (
  SELECT region_kato, year, value FROM observations
  WHERE indicator = 'grp_per_capita' AND period_type = 'year' AND covers_all(industry)
),
ranked AS (
  SELECT pc.*, pc.region_kato <> '000000000' AND pc.vintage < n.vintage AS older_borders,
         CASE WHEN pc.region_kato <> '000000000' AND pc.vintage = n.vintage AND pc.grp_per_capita IS NOT NULL
              THEN rank() OVER (PARTITION BY pc.year, pc.region_kato <> '000000000' AND pc.vintage = n.vintage AND pc.grp_per_capita IS NOT NULL
                                ORDER BY pc.grp_per_capita DESC) END AS rank
  FROM pc JOIN newest n ON n.year = pc.year
)
SELECT r.region_kato, r.year, r.vintage AS boundary_vintage, r.grp, r.grp_status, r.population, r.population_method,
       r.grp_per_capita, r.rank::INTEGER AS rank,
       (count(r.rank) OVER (PARTITION BY r.year))::INTEGER AS ranked_regions,
       r.older_borders,
       p.value AS published_grp_per_capita,
       (r.grp_per_capita / nullif(p.value, 0) - 1) * 100 AS difference_pct
FROM ranked r LEFT JOIN published p ON p.region_kato = r.region_kato AND p.year = r.year
