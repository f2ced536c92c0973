-- product_flows: the rows with a product code that can be added up without
-- double counting. Inputs may give a chapter and its headings side by side
-- (27 and 2709, 2710), or a product group beside headings of its chapters
-- (WITS's imports from China by group 84-85 and by heading 8471); summing
-- all of them would count the same goods twice. A code is kept only when no
-- coarser code of the same period, flow and partner (or of the partner total)
-- covers it (hs_covers), so the kept codes partition the goods reported.
--
-- Source: no paper: data preparation (docs/methods.md section 3).
--
-- Edge cases:
-- * a monthly figure of a product for all partners (the BNS's crude oil
--   series) is a published figure, summed into years by published_totals and
--   compared there, not a breakdown of the month's trade: left out here, so a
--   month's total is never the sum of one product;
-- * HS codes are compared as text prefixes (2709 is under 27, 271019 under
--   2710); a range of chapters covers every code of its chapters;
-- * a partner's rows and the all-partner rows are separate sets.
-- (Candidates are paired by chapter, and with the few product groups, so the
-- test never runs over every pair of a thousand headings.)
WITH p AS (
  SELECT *, partner AS partner_key FROM trade_flows
  WHERE NOT covers_all(product) AND NOT (covers_all(partner) AND period_type = 'month')
),
codes AS (SELECT DISTINCT period, flow, partner_key, product FROM p),
covered AS (
  SELECT a.period, a.flow, a.partner_key, a.product
  FROM codes a JOIN codes q
    ON q.period = a.period AND q.flow = a.flow AND q.partner_key = a.partner_key
   AND left(q.product, 2) = left(a.product, 2) AND NOT hs_is_range(q.product)
  WHERE hs_covers(q.product, a.product)
  UNION
  SELECT a.period, a.flow, a.partner_key, a.product
  FROM codes a JOIN (SELECT * FROM codes WHERE hs_is_range(product)) q
    ON q.period = a.period AND q.flow = a.flow AND q.partner_key = a.partner_key
  WHERE hs_covers(q.product, a.product)
)
SELECT p.* EXCLUDE (partner_key)
FROM p ANTI JOIN covered c USING (period, flow, partner_key, product)
