-- location_quotients: the structural coefficient of Taskarayeva et al. 2023 ("the share of
-- the industry in GRP divided by the share of the industry's output in
-- GDP"), i.e. the location quotient, by region x OKED section x year.
--
-- Sources:
--   A. T. Kokenova, J. K. Turebayeva, A. O. Demeubayeva, D. A. Kulanova, A. A. Shadiyeva,
--     "Conceptual and empirical grounds for using the cluster approach in the management of
--     economic processes", News of the National Academy of Sciences of the Republic of Kazakhstan,
--     1(329) (2020);
--   M. Taskarayeva, R. Alshanov, Zh. Bekbergenova, G. Yerkulova, G. Kadyrova, "Diversification of
--     the regional economy", The Bulletin of the National Academy of Sciences of the Republic of
--     Kazakhstan, 5(405) (2023).
--
-- The shares are taken on the common support S(r, t): the sections with a
-- figure for both the region and the Republic in that region-year.
--
--   s_r,i  = GVA_r,i / sum_{j in S} GVA_r,j        (share_region, percent)
--   s_KZ,i = GVA_KZ,i / sum_{j in S} GVA_KZ,j      (share_country, percent; Republic row)
--   LQ_r,i = s_r,i / s_KZ,i                        (lq, ratio)
--   share_of_national = GVA_r,i / GVA_KZ,i         (percent; Kokenova et al.'s (2020) second cluster test)
--
-- The national total includes the region itself (as in EconGeo and WITS).
-- Why a common support: the BNS marks cells confidential ('x'), and a region
-- reports what it has. Shares of the region over four sections against
-- shares of the Republic over three mix two bases, and the indices built on
-- them leave their own ranges (a Hachman index of 1.9). On one base the
-- region's and the nation's shares each sum to 100 over the same sections,
-- so Hachman stays in (0, 1] and entropy under log2 of the sections used.
-- Edge cases (docs/methods.md section 2):
-- * every section the Republic publishes (or marks confidential) gets a row
--   for every region-year; `used` says whether it is in the common support;
-- * a confidential or missing cell on either side (the region's `status`,
--   the Republic's `country_status`, or no figure at all) takes the section
--   out of both bases for that region-year: its shares and LQ are NULL, never
--   0 (missing is not zero); specialisation.sql names the sections left out
--   and how much of each total the rest cover;
-- * a zero share is a share (LQ 0); 0/0 and x/0 give NULL, never Infinity;
-- * share_of_national needs only the two figures of its own section;
-- * years whose breakdown is incomplete (gva_coverage.used = false) get no rows;
-- * `older_borders`: a region printed on older borders beside its successors
--   in the same year (South Kazakhstan 2011-2017 beside the recalculated
--   Turkestan and Shymkent) keeps its own LQs but is left out of anything that
--   adds regions up.
WITH years AS (SELECT year FROM gva_coverage WHERE used),
nat AS (
  SELECT n.year, n.industry, n.gva, n.status, n.derived
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
         n.gva AS gva_country, n.status AS country_status, n.derived AS country_derived,
         r.gva IS NOT NULL AND n.gva IS NOT NULL AS used
  FROM grid g
  LEFT JOIN reg r ON r.region_kato = g.region_kato AND r.year = g.year
    AND r.boundary_vintage = g.boundary_vintage AND r.industry = g.industry
  LEFT JOIN nat n ON n.year = g.year AND n.industry = g.industry
),
shares AS (
  SELECT *,
         CASE WHEN used THEN gva / nullif(sum(CASE WHEN used THEN gva END) OVER support, 0) END AS share_region_f,
         CASE WHEN used THEN gva_country / nullif(sum(CASE WHEN used THEN gva_country END) OVER support, 0) END AS share_country_f
  FROM joined
  WINDOW support AS (PARTITION BY region_kato, year, boundary_vintage)
)
SELECT j.region_kato, j.year, j.industry, j.boundary_vintage,
       j.gva, j.gva_country,
       j.share_region_f * 100 AS share_region,
       j.share_country_f * 100 AS share_country,
       j.share_region_f / nullif(j.share_country_f, 0) AS lq,
       j.gva / nullif(j.gva_country, 0) * 100 AS share_of_national,
       j.gva IS NOT NULL AS reported,
       j.used,
       j.status,
       j.country_status,
       j.country_derived,
       j.boundary_vintage <> w.vintage AS older_borders
FROM shares j JOIN newest w ON w.year = j.year
