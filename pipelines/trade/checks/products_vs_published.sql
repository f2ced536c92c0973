-- severity: warn
-- products_vs_published: a product's value by product (UN Comtrade via
-- WITS) against the BNS's own published figure for it (crude oil, HS 2709:
-- the sum of the monthly series), where they differ by more than the
-- parameter totals_tolerance_pct, and the years whose published figure
-- cannot be formed (a month missing in the source). The product data keep
-- their value; the published one is in trade_by_product.published_usd.
SELECT flow || ' HS ' || product || ' ' || period || ': ' || fmt_num(round(value_usd, 1)) ||
       ' thousand USD by product, the BNS publishes ' || fmt_num(round(published_usd, 1)) ||
       ' (' || round(difference_pct, 2) || ' %)' AS message
FROM trade_by_product
WHERE published_usd IS NOT NULL AND abs(difference_pct) > getvariable('totals_tolerance_pct')
UNION ALL
-- a year without the published figure that the years around it have: the monthly series lacks a month
SELECT k.flow || ' HS ' || k.product || ' ' || k.period ||
       ': no published figure for the year to compare with (the published months are incomplete; other years have one)'
FROM trade_by_product k
WHERE k.period_type = 'year' AND k.published_usd IS NULL
  AND EXISTS (SELECT 1 FROM trade_by_product a WHERE a.flow = k.flow AND a.product = k.product
              AND a.period_type = 'year' AND a.published_usd IS NOT NULL AND a.year < k.year)
  AND EXISTS (SELECT 1 FROM trade_by_product b WHERE b.flow = k.flow AND b.product = k.product
              AND b.period_type = 'year' AND b.published_usd IS NOT NULL AND b.year > k.year)
