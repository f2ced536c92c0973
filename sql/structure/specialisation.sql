-- specialisation: how specialised or diversified each region's economy is,
-- per region and year, from the location quotients (seed 003; METHODS.md 2).
--
--   lq_variance = population variance over i of LQ_r,i (seed 003: high =
--                 specialised, near 0 = diversified), over the sections with an LQ
--   hhi         = sum_i s_r,i^2                  (shares as fractions, 0..1)
--   krugman     = sum_i |s_r,i - s_KZ,i|         (fractions, 0..2; EconGeo's spec_coeff is half)
--   hachman     = 1 / sum_i LQ_r,i s_r,i         (0..1, 1 = the national structure)
--   entropy     = -sum_i s_r,i log2 s_r,i        (bits; 0 log 0 = 0)
--
-- Edge cases:
-- * Krugman runs over the sections the Republic reports; one the region does
--   not report counts as share 0 and is named in `missing_industries`
--   (`industries_missing` > 0 flags the row);
-- * the other indices use the sections with data; with fewer than two LQs
--   the variance says nothing about spread and is NULL (a region reporting
--   one section would otherwise look perfectly diversified);
-- * a region with one section: hhi 1, entropy 0;
-- * no share at all (a total of 0) gives NULL everywhere, not 0.
SELECT region_kato, year, any_value(boundary_vintage) AS boundary_vintage,
       count(lq)::INTEGER AS industries,
       count(*) FILTER (WHERE share_country IS NOT NULL AND gva IS NULL)::INTEGER AS industries_missing,
       string_agg(industry, ',' ORDER BY industry) FILTER (WHERE share_country IS NOT NULL AND gva IS NULL) AS missing_industries,
       CASE WHEN count(lq) >= 2 THEN var_pop(lq) END AS lq_variance,
       sum((share_region / 100) ** 2) AS hhi,
       CASE WHEN count(share_region) > 0
            THEN sum(abs(coalesce(share_region, 0) - share_country)) FILTER (WHERE share_country IS NOT NULL) / 100 END AS krugman,
       1 / nullif(sum(lq * share_region / 100), 0) AS hachman,
       CASE WHEN count(share_region) > 0 THEN 0 - sum(xlog2x(share_region / 100)) END AS entropy,
       sum(gva) AS gva_total,
       bool_or(older_borders) AS older_borders
FROM location_quotients
GROUP BY region_kato, year
