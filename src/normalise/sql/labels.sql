-- labels: every distinct label of what the files said, found in one pass over
-- the rows (a grouping set per kind of label), so that resolving them costs
-- one scan of a large extract however many kinds of label there are.
-- `kind` says which set a row belongs to; the other columns of the row are NULL.
CREATE OR REPLACE TEMP TABLE labels AS
SELECT
  CASE GROUPING(region_raw, indicator_raw, unit_raw, period_raw, industry_raw, product_raw, partner_raw)
    WHEN 63 THEN 'region' WHEN 79 THEN 'indicator_unit' WHEN 119 THEN 'period'
    WHEN 121 THEN 'breakdown' WHEN 126 THEN 'partner' END AS kind,
  region_raw, indicator_raw, unit_raw, period_raw, industry_raw, product_raw, partner_raw
FROM staged_all
GROUP BY GROUPING SETS ((region_raw), (indicator_raw, unit_raw), (period_raw), (industry_raw, product_raw), (partner_raw));
