-- boundary_vintage: which set of borders (registry/boundary_vintages.csv) a
-- row's region refers to. A table is on the newest vintage that any region it
-- prints for that period belongs to (printing Abai means 2022 borders, so the
-- same table's East Kazakhstan is the reduced one), and never older than the
-- borders in force at the end of the period. A region that does not exist in
-- that vintage (South Kazakhstan beside a recalculated Turkestan and Shymkent)
-- keeps the newest vintage it exists in, so the two never add up together.
-- District-level codes (from the KATO classifier) follow their table.
--
-- This builds the vintage of each table and period (a few thousand rows) in one
-- pass over the rows; each row takes its own when its input's rows are written
-- (src/normalise/resolve-inputs.ts), so the rows of a large extract are not rewritten for it.

CREATE OR REPLACE TEMP TABLE table_vintage AS
WITH per_table AS (
  -- a district (not in regions) says nothing about the borders: its list_min is NULL, which max leaves out
  SELECT n.source, n.indicator, n.period, n.industry, n.partner, n.product, n.flow, n.period_end,
         max(list_min(r.vintages)) FILTER (WHERE n.value IS NOT NULL OR n.status = 'x') AS newest_first
  FROM normalised n LEFT JOIN regions r ON r.kato = n.region_kato
  GROUP BY ALL
),
legal AS (
  SELECT DISTINCT period_end,
         (SELECT max(vintage) FROM boundary_vintages v WHERE v.in_force_from <= period_end) AS vintage
  FROM per_table
)
SELECT DISTINCT p.source, p.indicator, p.period, p.industry, p.partner, p.product, p.flow,
       greatest(coalesce(p.newest_first, '1997'), coalesce(l.vintage, '1997')) AS vintage
FROM per_table p
LEFT JOIN legal l ON l.period_end = p.period_end;
