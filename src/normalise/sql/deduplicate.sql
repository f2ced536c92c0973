-- deduplicate: one row per key (indicator, region_kato, period, industry,
-- partner, product, flow).
-- * Two rows of one file with the same key are an error naming both places
--   (`duplicate_problems`): the file says two things about one figure.
-- * The same key from two files is a revision: the newer vintage (publication
--   date of the source) wins and the other is kept in `revisions` with both
--   values, so a revised figure is visible, never silent. Without vintages to
--   tell them apart it is an error naming both places.
-- Only the keys that occur more than once are ranked; the rest (nearly all
-- rows of a large extract) pass straight through to `kept`. They are found by
-- the key's hash first (one 64-bit value instead of seven strings), then by the
-- key itself among the rows whose hash repeats, so a collision is never a duplicate.

CREATE OR REPLACE TEMP TABLE dup_keys AS
WITH repeated AS (
  SELECT hash(indicator, region_kato, period, industry, partner, product, flow) AS h
  FROM normalised GROUP BY h HAVING count(*) > 1
)
SELECT n.indicator, n.region_kato, n.period, n.industry, n.partner, n.product, n.flow
FROM normalised n SEMI JOIN repeated r
  ON hash(n.indicator, n.region_kato, n.period, n.industry, n.partner, n.product, n.flow) = r.h
GROUP BY ALL HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE dup_rows AS
SELECT n.*,
  row_number() OVER (PARTITION BY n.indicator, n.region_kato, n.period, n.industry, n.partner, n.product, n.flow
                     ORDER BY n.vintage DESC NULLS LAST, n.source, n.locator) AS rank
FROM normalised n
SEMI JOIN dup_keys d
  ON n.indicator = d.indicator AND n.region_kato = d.region_kato AND n.period = d.period
 AND n.industry IS NOT DISTINCT FROM d.industry AND n.partner IS NOT DISTINCT FROM d.partner
 AND n.product IS NOT DISTINCT FROM d.product AND n.flow IS NOT DISTINCT FROM d.flow;

CREATE OR REPLACE TEMP VIEW same_key AS
SELECT a.*, b.source AS b_source, b.locator AS b_locator, b.vintage AS b_vintage, b.value AS b_value,
       b.status AS b_status, b.rank AS b_rank
FROM dup_rows a JOIN dup_rows b
  ON a.indicator = b.indicator AND a.region_kato = b.region_kato AND a.period = b.period
 AND a.industry IS NOT DISTINCT FROM b.industry AND a.partner IS NOT DISTINCT FROM b.partner
 AND a.product IS NOT DISTINCT FROM b.product AND a.flow IS NOT DISTINCT FROM b.flow
WHERE a.rank < b.rank;

CREATE OR REPLACE TEMP TABLE duplicate_problems AS
SELECT b_source AS source, b_locator AS locator,
  CASE WHEN source = b_source
       THEN 'duplicate of ' || locator || ': ' || indicator || ' for ' || region_kato || ' ' || period ||
            concat_ws('', ' industry ' || nullif(industry, '_Z'), ' partner ' || nullif(partner, '_Z'), ' product ' || nullif(product, '_Z'), ' flow ' || nullif(flow, '_Z')) ||
            ' appears twice in this file' ||
            CASE WHEN locator LIKE '''%' AND split_part(locator, '''!', 1) <> split_part(b_locator, '''!', 1)
                 THEN ' (the workbook repeats it on several sheets: choose one with #sheet=NAME)' ELSE '' END
       ELSE 'the same figure (' || indicator || ', ' || region_kato || ', ' || period || ') is also in ' || source || ' ' || locator ||
            ', and neither source has a newer vintage to prefer'
  END AS problem
FROM same_key
WHERE source = b_source OR vintage IS NOT DISTINCT FROM b_vintage;

CREATE OR REPLACE TABLE revisions AS
SELECT indicator, region_kato, period, industry, partner, product, flow,
       value, b_value AS superseded_value,
       CASE WHEN value IS NOT NULL AND b_value IS NOT NULL AND b_value <> 0 THEN (value / b_value - 1) * 100 END AS change_pct,
       unit, source, vintage, b_source AS superseded_source, b_vintage AS superseded_vintage
FROM same_key
WHERE rank = 1 AND source <> b_source
  AND (value IS DISTINCT FROM b_value OR status IS DISTINCT FROM b_status);

-- The rows that go on: every row of a key seen once, and the winner of each repeated key.
CREATE OR REPLACE TEMP VIEW kept AS
SELECT n.* FROM normalised n
ANTI JOIN dup_keys d
  ON n.indicator = d.indicator AND n.region_kato = d.region_kato AND n.period = d.period
 AND n.industry IS NOT DISTINCT FROM d.industry AND n.partner IS NOT DISTINCT FROM d.partner
 AND n.product IS NOT DISTINCT FROM d.product AND n.flow IS NOT DISTINCT FROM d.flow
UNION ALL BY NAME
SELECT * EXCLUDE (rank) FROM dup_rows WHERE rank = 1;
