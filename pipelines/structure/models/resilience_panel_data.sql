-- resilience_panel_data: the region x year panel of Taskarayeva et al.'s (2023)
-- diversification-resilience regression (table 1), as far as the BNS data
-- allow (an internal table; the pipeline's resilience_panel step estimates it).
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   ln_grp_per_capita  the outcome (Taskarayeva et al. 2023 uses an index of economic
--                      resilience that the BNS does not publish; the level of
--                      GRP per capita is the outcome the data allow)
--   entropy, hhi       diversification (DIV) from specialisation.sql
--   related_variety, unrelated_variety   where division-level GVA exists
--   ln_population      the one control of Taskarayeva et al. 2023 the data hold (lnpop)
--
-- The entity is the region's territory (macros.sql territory(): East
-- Kazakhstan before Abai left is `630000000<2022`, after it `630000000`), so
-- each territory has its own fixed effect and no within-region change mixes
-- two territories, while an unchanged region (Akmola) is one entity
-- throughout. Only regions of the year's newest borders (ranked in
-- grp_per_capita): a parent and its children are never both in the panel. Edge cases: y <= 0 or no population: left out.
SELECT territory(g.region_kato, g.boundary_vintage) AS entity, g.region_kato, g.year, g.boundary_vintage,
       ln(g.grp_per_capita) AS ln_grp_per_capita, ln(g.population) AS ln_population,
       s.entropy, s.hhi, s.lq_variance, v.related_variety, v.unrelated_variety
FROM grp_per_capita g
JOIN specialisation s ON s.region_kato = g.region_kato AND s.year = g.year AND s.boundary_vintage = g.boundary_vintage
LEFT JOIN variety v ON v.region_kato = g.region_kato AND v.year = g.year AND v.boundary_vintage = g.boundary_vintage
WHERE g.rank IS NOT NULL AND g.grp_per_capita > 0 AND g.population > 0
