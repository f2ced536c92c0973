-- declared_recodings: a row is re-coded to another region only where its
-- source declares it. registry/recodings.csv names the file (by sha256, so a
-- copy anywhere is the same file and another edition is not), the label as
-- printed, the region it means, the periods, and the source's own words: the
-- BNS population table prints South Kazakhstan as "Туркестанская 1" for
-- 2000-2016, and its footnote 1 says so.
--
-- Nothing is inferred from absence: a successor region printed before its
-- legal start (Abai's population for 2019-2021, as Taldau and the BNS
-- recalculate new regions back) stays that region, and boundary_vintage.sql
-- puts the table on the newer borders it implies. An extract of a few regions
-- lacks the parent and the siblings as much as an old table does, so absence
-- says nothing about what a label meant.
-- The rows are not rewritten: `normalised` is `resolved` with the declared
-- re-codings joined on (no rows where no file declares any).
-- Needs: resolved, input_files (source, sha256 of each input), recodings, regions.

CREATE OR REPLACE TEMP TABLE recoded AS
SELECT n.source, n.locator, r.read_as,
  'label ''' || n.region_label || ''' read as ' || (SELECT name_en FROM regions WHERE kato = r.read_as) || ' (' || r.read_as ||
  '), as the source declares (registry/recodings.csv): ' || r.citation AS recoding_note
FROM resolved n
JOIN input_files f ON f.source = n.source
JOIN recodings r ON r.sha256 = f.sha256 AND r.label_key = fold_label(n.region_label)
WHERE n.period_start >= r.first_day AND n.period_end <= r.last_day;

CREATE OR REPLACE TEMP VIEW normalised AS
SELECT n.* REPLACE (
  coalesce(r.read_as, n.region_kato) AS region_kato,
  CASE WHEN r.read_as IS NULL THEN n.note ELSE concat_ws('; ', n.note, r.recoding_note) END AS note)
FROM resolved n
LEFT JOIN recoded r ON r.source = n.source AND r.locator = n.locator;
