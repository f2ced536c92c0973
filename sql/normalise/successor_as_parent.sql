-- successor_as_parent: a table that predates a split may print the parent's
-- figure under the successor's name. The BNS population table labels South
-- Kazakhstan "Туркестанская" for 2000-2016 (its footnote 1 says so) and gives
-- no Shymkent value for those years. Rule: before the successor's legal start
-- (regions.vintages), a successor row whose sibling (same split_from) has no
-- value in the same table and period, and whose parent has no row either,
-- stands for the parent: it is re-coded to the parent and a note says why.
-- Edge cases: a source that recalculated the successor back in time (the GRP
-- workbook's Turkestan and Shymkent from 2011) prints the sibling too, so it is
-- left alone; a confidential sibling ('x') counts as printed.

CREATE OR REPLACE TEMP TABLE successor_rows AS
WITH splits AS (
  SELECT r.kato, r.split_from AS parent, min(v.in_force_from) AS legal_start
  FROM regions r JOIN boundary_vintages v ON list_contains(r.vintages, v.vintage)
  WHERE r.split_from IS NOT NULL
  GROUP BY ALL
),
present AS (
  SELECT source, indicator, period, industry, partner, product, flow, region_kato
  FROM normalised WHERE value IS NOT NULL OR status = 'x'
)
SELECT n.source, n.locator, s.parent
FROM normalised n
JOIN splits s ON s.kato = n.region_kato
WHERE n.period_end < s.legal_start
  AND NOT EXISTS (
    SELECT 1 FROM present p JOIN splits sib ON sib.kato = p.region_kato
    WHERE sib.parent = s.parent AND sib.kato <> s.kato
      AND p.source = n.source AND p.indicator = n.indicator AND p.period = n.period
      AND p.industry IS NOT DISTINCT FROM n.industry AND p.partner IS NOT DISTINCT FROM n.partner
      AND p.product IS NOT DISTINCT FROM n.product AND p.flow IS NOT DISTINCT FROM n.flow)
  AND NOT EXISTS (
    SELECT 1 FROM normalised q
    WHERE q.region_kato = s.parent AND q.source = n.source AND q.indicator = n.indicator AND q.period = n.period
      AND q.industry IS NOT DISTINCT FROM n.industry AND q.partner IS NOT DISTINCT FROM n.partner
      AND q.product IS NOT DISTINCT FROM n.product AND q.flow IS NOT DISTINCT FROM n.flow);

UPDATE normalised n
SET region_kato = s.parent,
    note = concat_ws('; ', n.note,
      'label ''' || n.region_label || ''' read as ' || (SELECT name_en FROM regions WHERE kato = s.parent) || ' (' || s.parent ||
      '): the table has no value for the other part of the ' || (SELECT year(min(legal_start)) FROM (SELECT in_force_from AS legal_start FROM boundary_vintages v JOIN regions r ON list_contains(r.vintages, v.vintage) WHERE r.split_from = s.parent)) || ' split in this period')
FROM successor_rows s
WHERE n.source = s.source AND n.locator = s.locator;
