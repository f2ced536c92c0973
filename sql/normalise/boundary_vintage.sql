-- boundary_vintage: which set of borders (registry/boundary_vintages.csv) a
-- row's region refers to. A table is on the newest vintage that any region it
-- prints for that period belongs to (printing Abai means 2022 borders, so the
-- same table's East Kazakhstan is the reduced one), and never older than the
-- borders in force at the end of the period. A region that does not exist in
-- that vintage (South Kazakhstan beside a recalculated Turkestan and Shymkent)
-- keeps the newest vintage it exists in, so the two never add up together.
-- District-level codes (from the KATO classifier) follow their table.

ALTER TABLE normalised ADD COLUMN IF NOT EXISTS boundary_vintage VARCHAR;

CREATE OR REPLACE TEMP TABLE table_vintage AS
WITH legal AS (
  SELECT DISTINCT n.period_end,
         (SELECT max(vintage) FROM boundary_vintages v WHERE v.in_force_from <= n.period_end) AS vintage
  FROM normalised n
),
printed AS (
  SELECT n.source, n.indicator, n.period, n.industry, n.partner, n.product, n.flow,
         max(list_min(r.vintages)) AS newest_first
  FROM normalised n JOIN regions r ON r.kato = n.region_kato
  WHERE n.value IS NOT NULL OR n.status = 'x'
  GROUP BY ALL
)
SELECT DISTINCT n.source, n.indicator, n.period, n.industry, n.partner, n.product, n.flow,
       greatest(coalesce(p.newest_first, '1997'), coalesce(l.vintage, '1997')) AS vintage
FROM normalised n
LEFT JOIN printed p ON p.source = n.source AND p.indicator = n.indicator AND p.period = n.period
  AND p.industry IS NOT DISTINCT FROM n.industry AND p.partner IS NOT DISTINCT FROM n.partner
  AND p.product IS NOT DISTINCT FROM n.product AND p.flow IS NOT DISTINCT FROM n.flow
LEFT JOIN legal l ON l.period_end = n.period_end;

CREATE OR REPLACE TEMP TABLE row_vintage AS
SELECT n.source, n.locator,
       CASE WHEN r.kato IS NULL OR list_contains(r.vintages, t.vintage) THEN t.vintage
            ELSE list_max(r.vintages) END AS vintage
FROM normalised n
JOIN table_vintage t ON t.source = n.source AND t.indicator = n.indicator AND t.period = n.period
  AND t.industry IS NOT DISTINCT FROM n.industry AND t.partner IS NOT DISTINCT FROM n.partner
  AND t.product IS NOT DISTINCT FROM n.product AND t.flow IS NOT DISTINCT FROM n.flow
LEFT JOIN regions r ON r.kato = n.region_kato;

UPDATE normalised n SET boundary_vintage = v.vintage
FROM row_vintage v WHERE v.source = n.source AND v.locator = n.locator;
