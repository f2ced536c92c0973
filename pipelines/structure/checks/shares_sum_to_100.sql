-- severity: error
-- shares_sum_to_100: a region's section shares and the Republic's
-- are both over the common support of that region-year (the sections with a
-- figure on both sides), so each adds up to 100 %. Anything else means a join
-- duplicated or lost rows. A section left out for a confidential or missing
-- cell has no share on either side, so it never breaks this.
SELECT 'location_quotients: the shares of ' || region_kato || ' in ' || year || ' add up to ' ||
       round(sum(share_region), 6) || ' %, not 100' AS message
FROM location_quotients
GROUP BY region_kato, year
HAVING count(share_region) > 0 AND abs(sum(share_region) - 100) > 1e-6
UNION ALL
SELECT 'location_quotients: the national shares beside ' || region_kato || ' in ' || year || ' add up to ' || round(s, 6) || ' %, not 100'
FROM (SELECT year, region_kato, sum(share_country) AS s, count(share_country) AS n FROM location_quotients GROUP BY ALL)
WHERE n > 0 AND abs(s - 100) > 1e-6
