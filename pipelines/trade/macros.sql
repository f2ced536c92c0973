-- Macros of the trade pipeline, shared by its index files.
--
-- Product codes are HS codes (27 a chapter, 2709 a heading, 270900 a
-- subheading) or ranges of chapters (25-26: a product group such as WITS's
-- '25-26_Minerals'). A range covers every code of its chapters; an HS code
-- covers the longer codes it is a prefix of.
--
-- hs_first_chapter(p), hs_last_chapter(p): the chapters a code spans
-- ('2709' -> 27, 27; '25-26' -> 25, 26).
-- hs_is_range(p): whether p is a range of chapters.
-- hs_covers(q, p): q is a coarser code whose goods include all of p's
-- ('27' covers '2709', '25-26' covers '2601' and '26', '2709' covers nothing
-- of '27', no code covers itself). Codes are compared as text.
CREATE OR REPLACE MACRO hs_is_range(p) AS p LIKE '__-__';
CREATE OR REPLACE MACRO hs_first_chapter(p) AS left(p, 2);
CREATE OR REPLACE MACRO hs_last_chapter(p) AS CASE WHEN hs_is_range(p) THEN right(p, 2) ELSE left(p, 2) END;
CREATE OR REPLACE MACRO hs_covers(q, p) AS
  q <> p
  AND hs_first_chapter(q) <= hs_first_chapter(p) AND hs_last_chapter(p) <= hs_last_chapter(q)
  AND (hs_is_range(q) OR (NOT hs_is_range(p) AND length(q) < length(p) AND starts_with(p, q)));

-- hs_edition(note): the HS edition a figure's codes belong to ('2012'), as
-- the WITS and Atlas readers state it at the start of the note ('HS 2012',
-- 'HS 1992; ...'); NULL when the input does not say (tidy CSV).
CREATE OR REPLACE MACRO hs_edition(note) AS nullif(regexp_extract(note, '^HS (\d{4})\b', 1), '');

-- is_complete(coverage_pct): whether goods given by product account for the
-- published total (coverage in percent) within the parameter
-- coverage_tolerance_pct; NULL when there is no published total to compare.
-- Products above the total by more than the tolerance are also reported (the
-- check product_coverage) but do not make the period incomplete.
CREATE OR REPLACE MACRO is_complete(coverage_pct) AS
  coverage_pct >= 100 - getvariable('coverage_tolerance_pct');
