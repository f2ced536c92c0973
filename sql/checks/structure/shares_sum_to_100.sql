-- shares_sum_to_100 (error): a region's section shares are over the sections
-- it reports, so they add up to 100 % (and the Republic's national shares
-- too). Anything else means a join duplicated or lost rows.
SELECT 'location_quotients: the shares of ' || region_kato || ' in ' || year || ' add up to ' ||
       round(sum(share_region), 6) || ' %, not 100' AS message
FROM location_quotients
GROUP BY region_kato, year
HAVING count(share_region) > 0 AND abs(sum(share_region) - 100) > 1e-6
UNION ALL
SELECT 'location_quotients: the national shares in ' || year || ' add up to ' || round(s, 6) || ' %, not 100'
FROM (SELECT year, region_kato, sum(share_country) AS s, count(share_country) AS n FROM location_quotients GROUP BY ALL)
WHERE n > 0 AND abs(s - 100) > 1e-6
