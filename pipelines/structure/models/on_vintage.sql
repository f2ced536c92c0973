-- on_vintage: GRP, population and the GRP volume index of every region on
-- every boundary vintage they can be expressed on (an internal table).
--
-- Source: no paper: data preparation on boundary vintages (docs/data.md).
--
-- Edge cases:
-- A figure is published on its table's borders (`boundary_vintage`). It can
-- be re-expressed on older borders: a region that the newer borders split is
-- the sum of its pieces (registry/territory_pieces.csv: South Kazakhstan 1997
-- = Turkestan + Shymkent; East Kazakhstan before 2022 = East Kazakhstan +
-- Abai, ...), for additive indicators only and only when every piece has a
-- figure; a region whose territory did not change is the same figure. Never
-- the other way: a parent cannot be split into children, and a ratio (the
-- volume index) is never summed (docs/methods.md section 0).
-- `native` marks the figure as published, on its own borders.
-- The processed population series is on 2022 borders back to 2009, so GRP on
-- 2018 or 1997 borders finds its population here as sums of 2022 regions.
WITH obs AS (
  SELECT o.indicator, o.region_kato, o.year, o.value, o.status, o.boundary_vintage AS vintage, i.additive
  FROM observations o JOIN indicators i ON i.id = o.indicator
  WHERE o.indicator IN ('grp', 'population_avg', 'population', 'grp_volume_index')
    AND o.period_type = 'year' AND covers_all(o.industry) AND covers_all(o.partner) AND covers_all(o.product)
    AND o.region_kato IN (SELECT kato FROM regions)
),
pieces AS (
  SELECT target_vintage, target_kato, source_vintage, piece_kato,
         count(*) OVER (PARTITION BY target_vintage, target_kato, source_vintage) AS n
  FROM territory_pieces
),
native AS (
  SELECT indicator, region_kato, year, vintage, value, status, true AS native, false AS derived FROM obs
),
summed AS (
  SELECT o.indicator, p.target_kato AS region_kato, o.year, p.target_vintage AS vintage,
         CASE WHEN count(o.value) = any_value(p.n) THEN sum(o.value) END AS value,
         NULL::VARCHAR AS status, false AS native, true AS derived
  FROM pieces p JOIN obs o ON o.region_kato = p.piece_kato AND o.vintage = p.source_vintage
  WHERE o.additive
  GROUP BY o.indicator, p.target_kato, o.year, p.target_vintage, p.source_vintage
),
same AS (
  SELECT o.indicator, o.region_kato, o.year, v.vintage, o.value, o.status, false AS native, false AS derived
  FROM obs o
  JOIN boundary_vintages v ON v.vintage < o.vintage
  JOIN regions r ON r.kato = o.region_kato AND list_contains(r.vintages, v.vintage)
  WHERE NOT EXISTS (
    SELECT 1 FROM territory_pieces t
    WHERE t.target_vintage = v.vintage AND t.target_kato = o.region_kato AND t.source_vintage = o.vintage)
),
candidates AS (
  SELECT * FROM native UNION ALL SELECT * FROM summed WHERE value IS NOT NULL UNION ALL SELECT * FROM same
)
-- A figure published on these very borders beats one re-expressed from newer borders.
SELECT indicator, region_kato, year, vintage, value, status, native, derived
FROM candidates
QUALIFY row_number() OVER (PARTITION BY indicator, region_kato, year, vintage ORDER BY native DESC, derived, value) = 1
