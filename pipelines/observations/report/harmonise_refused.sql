-- harmonise_refused: the figures of merged territories the harmonised table
-- leaves out (table harmonise_refused of harmonised.sql), by reason, with how many and their
-- indicators, for a warning per reason: a figure that cannot be carried to
-- the harmonised borders is named, not dropped in silence.
SELECT reason, count(*)::INTEGER AS n, string_agg(DISTINCT indicator, ', ' ORDER BY indicator) AS indicators
FROM harmonise_refused GROUP BY reason ORDER BY reason
