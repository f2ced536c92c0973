-- severity: warn
-- grp_per_capita_vs_published: where the published GRP per capita is
-- an input (indicator grp_per_capita), ours should agree with it. More than
-- 1 % apart is reported: the usual causes are a later revision of the GRP
-- or of the population (the Taskarayeva et al. 2023 figures for 2022 were printed before
-- the BNS revised them) or a population on other borders.
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
SELECT 'grp_per_capita ' || region_kato || ' ' || year || ': computed ' || round(grp_per_capita, 1) ||
       ' thousand tenge, published ' || fmt_num(published_grp_per_capita) || ' (' ||
       CASE WHEN difference_pct > 0 THEN '+' ELSE '' END || round(difference_pct, 2) || ' %)' AS message
FROM grp_per_capita
WHERE abs(difference_pct) > 1
ORDER BY year, region_kato
