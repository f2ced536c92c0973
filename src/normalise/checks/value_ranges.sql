-- severity: error
-- value_ranges: every observation lies in its indicator's plausible range
-- (catalogue columns min and max): counts, money and persons are not
-- negative, percentages of a whole are at most 100. A violation names the
-- indicator, region, period, value and the raw file and cell it came from.
SELECT indicator || ' for ' || region_kato || ' ' || period || ' is ' || fmt_num(value) ||
       CASE WHEN value < i.min THEN ', below the minimum ' || fmt_num(i.min) ELSE ', above the maximum ' || fmt_num(i.max) END ||
       ' (' || i.unit || '), at ' || o.source AS message
FROM observations o
JOIN indicators i ON i.id = o.indicator
WHERE o.value < i.min OR o.value > i.max
ORDER BY o.source
