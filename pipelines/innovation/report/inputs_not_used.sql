-- inputs_not_used: the figures of rating_inputs the rating considered and
-- did not use (another boundary vintage than the year's, say), one row per
-- year, indicator and boundary vintage with the regions (by name) and the
-- reason: a figure in the inputs that moves no score is named in the run
-- report, not dropped in silence.
SELECT i.year, i.indicator, string_agg(coalesce(r.name_en, i.region_kato), ', ' ORDER BY i.region_kato) AS regions,
       any_value(i.reason) AS why
FROM rating_inputs i LEFT JOIN regions r ON r.kato = i.region_kato
WHERE i.value IS NOT NULL AND NOT i.used
GROUP BY i.year, i.indicator, i.boundary_vintage ORDER BY ALL
