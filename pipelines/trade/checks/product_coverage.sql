-- severity: warn
-- product_coverage: the periods whose goods by product fall short of
-- the published total by more than the parameter coverage_tolerance_pct
-- (complete = false in every table built on products), and those whose
-- products exceed it by more (another vintage of the data, or goods counted
-- twice), one line per flow. UN Comtrade's figures for Kazakhstan miss
-- 12 % of exports and 43 % of imports in 2020 against the BNS's totals.
-- Monthly periods are summarised in one line per flow: a monthly series of
-- one product (crude oil) is no breakdown of the month's trade.
WITH c AS (
  SELECT * FROM product_coverage WHERE covers_all(partner) AND product_coverage_pct IS NOT NULL
),
short AS (
  SELECT flow, period_type = 'month' AS monthly,
         string_agg(period || ' ' || round(product_coverage_pct, 1) || ' %', ', ' ORDER BY period) AS list,
         count(*) AS n
  FROM c WHERE NOT complete GROUP BY ALL
),
over AS (
  SELECT flow, string_agg(period || ' ' || round(product_coverage_pct, 1) || ' %', ', ' ORDER BY period) AS list
  FROM c WHERE product_coverage_pct > 100 + getvariable('coverage_tolerance_pct') GROUP BY ALL
)
SELECT flow || ': products account for less of the published total than ' ||
       fmt_num(100 - getvariable('coverage_tolerance_pct')) || ' % in ' ||
       CASE WHEN monthly THEN n || ' months (the products given for a month are not its whole trade)'
            ELSE list || ' (products / published total); those periods are marked complete = false and their shares and sums over products are not the period''s' END
       AS message
FROM short
UNION ALL
SELECT flow || ': products exceed the published total by more than ' || fmt_num(getvariable('coverage_tolerance_pct')) ||
       ' % in ' || list || ' (another vintage of the data, or goods counted twice?)'
FROM over
