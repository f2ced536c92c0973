-- revealed_comparative_advantage: Balassa's index of revealed comparative
-- advantage by HS product, where world exports are supplied (indicator
-- `world_exports`: by `product`, and the all-goods total as a row without
-- product; docs/methods.md section 3, after the integration report's (2020) discussion of Kazakhstan's
-- competitiveness in raw and processed goods).
--
-- Source:
--   B. Balassa, "Trade liberalisation and 'revealed' comparative advantage", The Manchester
--     School 33(2) (1965).
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
--   RCA_k = (X_KZ,k / X_KZ) / (X_W,k / X_W)
--   X_KZ  = total exports (trade_totals), X_W = the world_exports total
--   RCA > 1: Kazakhstan's exports are specialised in k
--
-- Two levels:
-- * a code both sides give (2709 and 2709): as given. When the two sides
--   state different HS editions (Kazakhstan's WITS data in HS 2012, the
--   Atlas's world trade in HS 1992) a heading's goods may differ between
--   them, and without a concordance of the editions (none is bundled) there
--   is no telling where they agree: rca is NULL with the reason;
-- * a chapter (27): the sum of each side's headings, where both sides state
--   their edition (the WITS and Atlas readers do: their files give every
--   heading) and neither gives the chapter itself. HS editions agree at
--   chapter level, so this is the comparison the bundled data allow.
-- A tidy CSV states no edition: its codes are compared as given.
--
-- Edge cases: NULL when any of the four figures is missing or a denominator
-- is 0; world figures are read from Republic rows only (they describe no
-- region; the check unused_trade_rows names others); a product group (a range
-- of chapters) is in no chapter sum; product_coverage_pct and complete are
-- those of the period's exports (product_coverage): in a year whose products
-- fall short of the published total, Kazakhstan's share of a product is
-- understated wherever the missing goods belong.
WITH editions AS (
  SELECT period, product, any_value(hs_edition(note)) AS edition
  FROM trade_flows
  WHERE flow = 'export' AND covers_all(partner) AND NOT covers_all(product)
  GROUP BY ALL
),
kz AS (
  SELECT k.year, k.period, k.period_type, k.product, k.value_usd, k.top_level, e.edition
  FROM trade_by_product k LEFT JOIN editions e USING (period, product)
  WHERE k.flow = 'export'
),
w AS (
  SELECT period, product, value, hs_edition(note) AS edition FROM observations
  WHERE indicator = 'world_exports' AND region_kato = '000000000' AND covers_all(partner)
),
wk AS (SELECT * FROM w WHERE NOT covers_all(product)),
wt AS (SELECT period, value FROM w WHERE covers_all(product)),
given AS (
  SELECT kz.year, kz.period, kz.period_type, kz.product, kz.value_usd AS exports_usd, wk.value AS world_usd,
         CASE WHEN kz.edition <> wk.edition AND length(kz.product) > 2
              THEN 'an HS ' || kz.edition || ' heading against world exports in HS ' || wk.edition ||
                   ': the same code may cover other goods in the two editions, and no concordance of them is bundled (compare chapters)'
         END AS reason
  FROM kz JOIN wk ON wk.period = kz.period AND wk.product = kz.product
),
kz_chapters AS (
  SELECT year, period, period_type, left(product, 2) AS product, sum(value_usd) AS exports_usd
  FROM kz WHERE top_level AND NOT hs_is_range(product) AND edition IS NOT NULL
  GROUP BY ALL
),
world_chapters AS (
  SELECT period, left(product, 2) AS product, sum(value) AS world_usd
  FROM wk WHERE length(product) = 4 AND edition IS NOT NULL
  GROUP BY ALL
),
summed AS (
  SELECT k.year, k.period, k.period_type, k.product, k.exports_usd, c.world_usd, NULL AS reason
  FROM kz_chapters k
  JOIN world_chapters c USING (period, product)
  ANTI JOIN given g USING (period, product)
),
r AS (SELECT * FROM given UNION ALL SELECT * FROM summed)
SELECT r.year, r.period, r.period_type, r.product,
       CASE WHEN hs_is_range(r.product) THEN 2 ELSE length(r.product) END::INTEGER AS hs_digits,
       r.exports_usd, t.value_usd AS total_exports_usd,
       r.world_usd AS world_exports_usd, wt.value AS world_total_exports_usd,
       r.exports_usd / nullif(t.value_usd, 0) * 100 AS kz_share_pct,
       r.world_usd / nullif(wt.value, 0) * 100 AS world_share_pct,
       CASE WHEN r.reason IS NULL
            THEN (r.exports_usd / nullif(t.value_usd, 0)) / nullif(r.world_usd / nullif(wt.value, 0), 0) END AS rca,
       r.reason, c.product_coverage_pct,
       CASE WHEN r.exports_usd IS NULL THEN false ELSE c.complete END AS complete
FROM r
LEFT JOIN wt ON wt.period = r.period
LEFT JOIN trade_totals t ON t.period = r.period AND t.flow = 'export'
LEFT JOIN product_coverage c ON c.period = r.period AND c.flow = 'export' AND covers_all(c.partner)
