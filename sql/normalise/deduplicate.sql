-- deduplicate: one row per key (indicator, region_kato, period, industry,
-- partner, product, flow).
-- * Two rows of one file with the same key are an error naming both places
--   (`duplicate_problems`): the file says two things about one figure.
-- * The same key from two files is a revision: the newer vintage (publication
--   date of the source) wins and the other is kept in `revisions` with both
--   values, so a revised figure is visible, never silent. Without vintages to
--   tell them apart it is an error naming both places.

CREATE OR REPLACE TEMP TABLE ranked AS
SELECT *,
  row_number() OVER w AS rank,
  count(*) OVER (PARTITION BY indicator, region_kato, period, industry, partner, product, flow) AS copies
FROM normalised
WINDOW w AS (PARTITION BY indicator, region_kato, period, industry, partner, product, flow
             ORDER BY vintage DESC NULLS LAST, source, locator);

CREATE OR REPLACE TEMP TABLE duplicate_problems AS
WITH dup AS (SELECT * FROM ranked WHERE copies > 1)
SELECT b.source, b.locator,
  CASE WHEN a.source = b.source
       THEN 'duplicate of ' || a.locator || ': ' || b.indicator || ' for ' || b.region_kato || ' ' || b.period ||
            concat_ws('', ' industry ' || b.industry, ' partner ' || b.partner, ' product ' || b.product, ' flow ' || b.flow) ||
            ' appears twice in this file' ||
            CASE WHEN a.locator LIKE '''%' AND split_part(a.locator, '''!', 1) <> split_part(b.locator, '''!', 1)
                 THEN ' (the workbook repeats it on several sheets: choose one with #sheet=NAME)' ELSE '' END
       ELSE 'the same figure (' || b.indicator || ', ' || b.region_kato || ', ' || b.period || ') is also in ' || a.source || ' ' || a.locator ||
            ', and neither source has a newer vintage to prefer'
  END AS problem
FROM dup a JOIN dup b
  ON a.indicator = b.indicator AND a.region_kato = b.region_kato AND a.period = b.period
 AND a.industry IS NOT DISTINCT FROM b.industry AND a.partner IS NOT DISTINCT FROM b.partner
 AND a.product IS NOT DISTINCT FROM b.product AND a.flow IS NOT DISTINCT FROM b.flow
WHERE a.rank < b.rank
  AND (a.source = b.source OR a.vintage IS NOT DISTINCT FROM b.vintage);

CREATE OR REPLACE TABLE revisions AS
SELECT b.indicator, b.region_kato, b.period, b.industry, b.partner, b.product, b.flow,
       a.value, b.value AS superseded_value,
       CASE WHEN a.value IS NOT NULL AND b.value IS NOT NULL AND b.value <> 0 THEN (a.value / b.value - 1) * 100 END AS change_pct,
       a.unit, a.source, a.vintage, b.source AS superseded_source, b.vintage AS superseded_vintage
FROM ranked a JOIN ranked b
  ON a.indicator = b.indicator AND a.region_kato = b.region_kato AND a.period = b.period
 AND a.industry IS NOT DISTINCT FROM b.industry AND a.partner IS NOT DISTINCT FROM b.partner
 AND a.product IS NOT DISTINCT FROM b.product AND a.flow IS NOT DISTINCT FROM b.flow
WHERE a.rank = 1 AND b.rank > 1 AND a.source <> b.source
  AND (a.value IS DISTINCT FROM b.value OR a.status IS DISTINCT FROM b.status);
