-- severity: warn
-- unclassified_products: product codes that registry/hs_processing.csv
-- does not map to raw or processed (HS 98, 99 or a code outside the HS).
-- Their value stays in material_flows as degree 'unclassified'.
SELECT flow || ' ' || period || ': HS ' || string_agg(DISTINCT product, ', ' ORDER BY product) ||
       ' not in registry/hs_processing.csv: counted as unclassified in material_flows' AS message
FROM trade_by_product
WHERE degree = 'unclassified'
GROUP BY flow, period
