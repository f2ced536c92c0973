-- severity: error
-- units_consistent: every observation is in its indicator's
-- catalogue unit. Normalisation converts units of the same dimension
-- (thousand tenge -> million tenge); a figure stated in a unit of another
-- kind (a count where a percentage is expected) cannot be converted and stops
-- the publish, naming where it is.
SELECT o.indicator || ' for ' || o.region_kato || ' ' || o.period || ' is ' || coalesce(fmt_num(o.value), 'NULL') ||
       ' ' || o.unit || ', but ' || o.indicator || ' is measured in ' || i.unit || ' and ' || o.unit ||
       ' cannot be converted to it, at ' || o.source AS message
FROM observations o JOIN indicators i ON i.id = o.indicator
WHERE o.unit <> i.unit
ORDER BY o.source
