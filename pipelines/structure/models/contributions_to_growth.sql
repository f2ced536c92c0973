-- contributions_to_growth: each region's contribution to GDP growth, in
-- percentage points (Taskarayeva et al. 2023: 2022, Almaty city 0.91 pp, Astana 0.57,
-- Akmola 0.27, GDP growth 2.6 %).
--
-- Source:
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
--   nominal:  (GRP_r,t - GRP_r,t-1) / sum_r GRP_r,t-1 * 100
--   real:     GRP_r,t-1 * (VI_r,t / 100 - 1) / sum_r GRP_r,t-1 * 100
--             VI = volume index of GRP, previous year = 100 (grp_volume_index)
--
-- Edge cases:
-- Both years are on the borders of year t-1's regions: a region split in
-- year t (East Kazakhstan and Abai in 2021) is summed back to its t-1
-- territory (on_vintage.sql), so a region's growth never compares two
-- different territories. The volume index, a ratio, is only used where the
-- region's territory is the same on both borders; otherwise the real
-- contribution is NULL. The Republic row ('000000000') carries the totals:
-- nominal growth of the sum of regions, the sum of the real contributions
-- (NULL unless every region has a volume index) and the Republic's published
-- volume index. Nominal contributions are always computed; real ones where
-- volume indices exist.
WITH prev_borders AS (
  SELECT year, max(boundary_vintage) AS vintage FROM grp_per_capita
  WHERE region_kato <> '000000000' AND grp IS NOT NULL GROUP BY year
),
pairs AS (
  SELECT g1.region_kato, g1.year, b.vintage AS boundary_vintage,
         g0.value AS grp_previous, g1.value AS grp, vi.value AS volume_index
  FROM prev_borders b
  JOIN on_vintage g0 ON g0.indicator = 'grp' AND g0.year = b.year AND g0.vintage = b.vintage
  JOIN on_vintage g1 ON g1.indicator = 'grp' AND g1.year = b.year + 1 AND g1.vintage = b.vintage
    AND g1.region_kato = g0.region_kato
  LEFT JOIN on_vintage vi ON vi.indicator = 'grp_volume_index' AND vi.year = g1.year AND vi.vintage = b.vintage
    AND vi.region_kato = g1.region_kato
  WHERE g0.region_kato <> '000000000'
),
totals AS (
  SELECT year, any_value(boundary_vintage) AS boundary_vintage,
         CASE WHEN count(*) = count(grp_previous) THEN sum(grp_previous) END AS sum_previous,
         CASE WHEN count(*) = count(grp) THEN sum(grp) END AS sum_current
  FROM pairs GROUP BY year
),
regional AS (
  SELECT p.region_kato, p.year, p.boundary_vintage, p.grp_previous, p.grp,
         (p.grp / nullif(p.grp_previous, 0) - 1) * 100 AS nominal_growth_pct,
         (p.grp - p.grp_previous) / nullif(t.sum_previous, 0) * 100 AS contribution_nominal_pp,
         p.volume_index,
         p.grp_previous * (p.volume_index / 100 - 1) / nullif(t.sum_previous, 0) * 100 AS contribution_real_pp
  FROM pairs p JOIN totals t ON t.year = p.year
),
republic AS (
  SELECT '000000000' AS region_kato, t.year, t.boundary_vintage, t.sum_previous AS grp_previous, t.sum_current AS grp,
         (t.sum_current / nullif(t.sum_previous, 0) - 1) * 100 AS nominal_growth_pct,
         (t.sum_current / nullif(t.sum_previous, 0) - 1) * 100 AS contribution_nominal_pp,
         vi.value AS volume_index,
         (SELECT CASE WHEN count(*) = count(r.contribution_real_pp) THEN sum(r.contribution_real_pp) END
          FROM regional r WHERE r.year = t.year) AS contribution_real_pp
  FROM totals t
  LEFT JOIN observations vi ON vi.indicator = 'grp_volume_index' AND vi.region_kato = '000000000'
    AND vi.period_type = 'year' AND vi.year = t.year AND covers_all(vi.industry)
)
SELECT * FROM regional
UNION ALL
SELECT * FROM republic
