-- boundary_vintage: which set of borders (registry/boundary_vintages.csv) a
-- row's region refers to. A table is on the newest vintage that any region it
-- prints for that period belongs to (printing Abai means 2022 borders, so the
-- same table's East Kazakhstan is the reduced one), and never older than the
-- borders in force at the end of the period. A region that does not exist in
-- that vintage (South Kazakhstan beside a recalculated Turkestan and Shymkent)
-- keeps the newest vintage it exists in, so the two never add up together.
-- District-level codes (from the KATO classifier) follow their table.
--
-- This builds the vintage of each table and period (a few thousand rows);
-- each row takes its own when `observations` is written (src/normalise/normalise.ts),
-- so the ten million rows of a large extract are not rewritten for it.

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
