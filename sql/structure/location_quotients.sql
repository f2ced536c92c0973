-- location_quotients: the structural coefficient of seed 003 ("the share of
-- the industry in GRP divided by the share of the industry's output in
-- GDP"), i.e. the location quotient, by region x OKED section x year.
--
--   s_r,i  = GVA_r,i / sum_i GVA_r,i           (share_region, percent)
--   s_KZ,i = GVA_KZ,i / sum_i GVA_KZ,i         (share_country, percent; Republic row)
--   LQ_r,i = s_r,i / s_KZ,i                    (lq, ratio)
--   share_of_national = GVA_r,i / GVA_KZ,i     (percent; seed 001's second cluster test)
--
-- The national total includes the region itself (as in EconGeo and WITS).
-- Edge cases (METHODS.md section 2):
-- * every section the Republic publishes gets a row for every region-year;
--   one the region does not report has gva NULL and `reported` false: missing
--   is not zero, so its share and LQ are NULL (Krugman counts it as 0 and
--   says so, see specialisation.sql);
-- * a region's shares are over the sections it reports, so they sum to 100;
-- * a zero share is a share (LQ 0); 0/0 and x/0 give NULL, never Infinity;
-- * years whose breakdown is incomplete (gva_coverage.used = false) get no rows;
-- * `older_borders`: a region printed on older borders beside its successors
--   in the same year (South Kazakhstan 2011-2017 beside the recalculated
--   Turkestan and Shymkent) keeps its own LQs but is left out of anything that
--   adds regions up.
WITH years AS (SELECT year FROM gva_coverage WHERE used),
nat AS (
  SELECT n.year, n.industry, n.gva, n.derived,
         n.gva / nullif(sum(n.gva) OVER (PARTITION BY n.year), 0) AS share
  FROM gva_national n JOIN years y ON y.year = n.year
),
reg AS (
  SELECT s.region_kato, s.year, s.industry, s.gva, s.status, s.boundary_vintage
  FROM gva_sections s JOIN years y ON y.year = s.year
  WHERE s.region_kato <> '000000000' AND NOT s.placeholder
),
newest AS (SELECT year, max(boundary_vintage) AS vintage FROM reg GROUP BY year),
region_years AS (SELECT DISTINCT region_kato, year, boundary_vintage FROM reg),
grid AS (
  SELECT ry.region_kato, ry.year, ry.boundary_vintage, n.industry FROM region_years ry JOIN nat n ON n.year = ry.year
  UNION
  SELECT region_kato, year, boundary_vintage, industry FROM reg
),
joined AS (
  SELECT g.region_kato, g.year, g.industry, g.boundary_vintage, r.gva, r.status,
         n.gva AS gva_country, n.share AS share_country_f, n.derived AS country_derived,
         r.gva / nullif(sum(r.gva) OVER (PARTITION BY g.region_kato, g.year, g.boundary_vintage), 0) AS share_region_f
  FROM grid g
  LEFT JOIN reg r ON r.region_kato = g.region_kato AND r.year = g.year
    AND r.boundary_vintage = g.boundary_vintage AND r.industry = g.industry
  LEFT JOIN nat n ON n.year = g.year AND n.industry = g.industry
)
SELECT j.region_kato, j.year, j.industry, j.boundary_vintage,
       j.gva, j.gva_country,
       j.share_region_f * 100 AS share_region,
       j.share_country_f * 100 AS share_country,
       j.share_region_f / nullif(j.share_country_f, 0) AS lq,
       j.gva / nullif(j.gva_country, 0) * 100 AS share_of_national,
       j.gva IS NOT NULL AS reported,
       j.status,
       j.country_derived,
       j.boundary_vintage <> w.vintage AS older_borders
FROM joined j JOIN newest w ON w.year = j.year
