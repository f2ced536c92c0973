-- product_flows: the rows with a product code that can be added up without
-- double counting. Inputs may give a chapter and its headings side by side
-- (27 and 2709, 2710); summing all of them would count crude oil twice. A
-- code is kept only when no shorter code of the same period, flow and
-- partner (or of the partner total) is a prefix of it, so the kept codes
-- partition the goods reported.
--
-- Edge cases:
-- * HS codes are compared as text prefixes (2709 is under 27, 271019 under 2710);
-- * a partner's rows and the all-partner rows are separate sets.
WITH p AS (SELECT * FROM trade_flows WHERE NOT covers_all(product))
SELECT p.*
FROM p
WHERE NOT EXISTS (
  SELECT 1 FROM p q
  WHERE q.period = p.period AND q.flow = p.flow AND q.partner IS NOT DISTINCT FROM p.partner
    AND length(q.product) < length(p.product) AND starts_with(p.product, q.product))
