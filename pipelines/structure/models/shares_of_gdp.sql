-- shares_of_gdp: each region's share of GDP, per year (Taskarayeva et al. 2023: "the
-- largest share is occupied by the city of Almaty - 18.5 %, the smallest
-- share is the Zhetisu region - 1.3 %", 2022).
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   share_pct = GRP_r / sum of GRP over the regions * 100   (docs/methods.md 2)
--   share_of_republic_pct = GRP_r / the Republic's published GDP * 100
--
-- Edge cases:
-- The sum is over the regions of the year's newest borders only (South
-- Kazakhstan 2011-2017 is not added to Turkestan and Shymkent), and is NULL
-- if any of them has no figure: a share of an unknown total is unknown.
WITH g AS (SELECT * FROM grp_per_capita),
regional AS (
  SELECT *,
    CASE WHEN count(*) OVER w = count(grp) OVER w THEN sum(grp) OVER w END AS regions_sum,
    count(*) OVER w AS regions
  FROM g WHERE region_kato <> '000000000' AND NOT older_borders
  WINDOW w AS (PARTITION BY year)
)
SELECT r.region_kato, r.year, r.boundary_vintage, r.grp,
       r.grp / nullif(r.regions_sum, 0) * 100 AS share_pct,
       r.regions_sum, r.regions::INTEGER AS regions,
       k.grp AS republic_grp,
       r.grp / nullif(k.grp, 0) * 100 AS share_of_republic_pct,
       (rank() OVER (PARTITION BY r.year ORDER BY r.grp DESC NULLS LAST))::INTEGER AS rank
FROM regional r
LEFT JOIN g k ON k.region_kato = '000000000' AND k.year = r.year
