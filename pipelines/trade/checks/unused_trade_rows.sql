-- severity: warn
-- unused_trade_rows: trade figures the pipeline does not use, so a
-- user is not surprised by a missing number. The trade indices are national:
-- exports and imports of a region other than the Republic, and world figures
-- attached to a region, are left out and counted here.
SELECT count(*) || ' ' || indicator || ' rows for regions other than the Republic (' ||
       string_agg(DISTINCT region_kato, ', ' ORDER BY region_kato) || ') are not used: the trade tables are national' AS message
FROM observations
WHERE indicator IN ('exports', 'imports', 'production', 'world_exports', 'world_imports')
  AND region_kato <> '000000000'
GROUP BY indicator
