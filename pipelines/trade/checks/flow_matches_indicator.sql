-- severity: error
-- flow_matches_indicator: a tidy-CSV `flow` column must agree with
-- the indicator (exports -> export, imports -> import). Normalisation already
-- refuses a flow other than export/import (exit 3); a contradiction between
-- two valid words cannot be settled by guessing which one is wrong.
SELECT o.indicator || ' row for ' || CASE WHEN covers_all(o.partner) THEN 'all partners' ELSE o.partner END || ' ' || o.period ||
       ' says flow ''' || o.flow || ''': an ' || o.indicator || ' figure is an ' ||
       CASE o.indicator WHEN 'exports' THEN 'export' ELSE 'import' END ||
       ' (fix the flow or the indicator), at ' || o.source AS message
FROM observations o
WHERE (o.indicator = 'exports' AND o.flow = 'import') OR (o.indicator = 'imports' AND o.flow = 'export')
ORDER BY o.source
