-- specialisation: how specialised or diversified each region's economy is,
-- per region and year, from the location quotients (Taskarayeva et al. 2023; docs/methods.md 2).
-- Every index runs over the common support S (location_quotients.sql): the
-- sections with a figure for both the region and the Republic, on which both
-- sets of shares sum to 1.
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   lq_variance = population variance over i in S of LQ_r,i (Taskarayeva et al. 2023: high =
--                 specialised, near 0 = diversified)
--   hhi         = sum_i s_r,i^2                  (shares as fractions, 0..1)
--   krugman     = sum_i |s_r,i - s_KZ,i|         (fractions, 0..2; EconGeo's spec_coeff is half)
--   hachman     = 1 / sum_i LQ_r,i s_r,i         (0..1, 1 = the national structure)
--   entropy     = -sum_i s_r,i log2 s_r,i        (bits; 0 log 0 = 0; at most log2 |S|)
--
-- On one base, sum_i LQ_r,i s_r,i = sum_i s_r,i^2 / s_KZ,i >= (sum_i s_r,i)^2 /
-- sum_i s_KZ,i = 1 (Cauchy-Schwarz), so Hachman <= 1 by construction.
-- Edge cases:
-- * a section with a confidential or missing cell on either side is left out
--   of both bases and named in `excluded_industries` with the reason ('D
--   (Republic x)', 'A (region: no figure)'); `coverage_region_pct` and
--   `coverage_country_pct` say how much of the region's and the Republic's
--   gross value added with a figure the sections used cover (a confidential
--   cell's value is unknown, so it is in neither total);
-- * with fewer than two LQs the variance says nothing about spread and is
--   NULL (a region reporting one section would otherwise look perfectly
--   diversified);
-- * a region with one section: hhi 1, entropy 0;
-- * no share at all (a total of 0) gives NULL everywhere, not 0;
-- * a section with a regional share but a national share of 0 (the region
--   above the nation: inconsistent inputs) has no finite LQ, so Hachman is
--   NULL rather than a sum that leaves a term out.
SELECT region_kato, year, any_value(boundary_vintage) AS boundary_vintage,
       count(*) FILTER (WHERE used)::INTEGER AS industries,
       string_agg(industry, ',' ORDER BY industry) FILTER (WHERE used) AS used_industries,
       count(*) FILTER (WHERE NOT used)::INTEGER AS industries_excluded,
       string_agg(industry || ' (' || CASE
           WHEN country_status IS NOT NULL THEN 'Republic ' || country_status
           WHEN gva_country IS NULL THEN 'Republic: no figure'
           WHEN status IS NOT NULL THEN 'region ' || status
           ELSE 'region: no figure' END || ')', ', ' ORDER BY industry) FILTER (WHERE NOT used) AS excluded_industries,
       sum(gva) FILTER (WHERE used) / nullif(sum(gva), 0) * 100 AS coverage_region_pct,
       sum(gva_country) FILTER (WHERE used) / nullif(sum(gva_country), 0) * 100 AS coverage_country_pct,
       CASE WHEN count(lq) >= 2 THEN var_pop(lq) END AS lq_variance,
       sum((share_region / 100) ** 2) AS hhi,
       sum(abs(share_region - share_country)) / 100 AS krugman,
       CASE WHEN NOT coalesce(bool_or(share_region > 0 AND lq IS NULL), false)
            THEN 1 / nullif(sum(lq * share_region / 100), 0) END AS hachman,
       CASE WHEN count(share_region) > 0 THEN 0 - sum(xlog2x(share_region / 100)) END AS entropy,
       sum(gva) FILTER (WHERE used) AS gva_total,
       bool_or(older_borders) AS older_borders
FROM location_quotients
GROUP BY region_kato, year
