-- Macros of the structure pipeline.
--
-- oked_section(division): the OKED section (A..U) of a two-digit OKED
-- division. OKED 2 follows NACE Rev. 2 down to the division, so the ranges
-- are NACE's: A 01-03, B 05-09, C 10-33, D 35, E 36-39, F 41-43, G 45-47,
-- H 49-53, I 55-56, J 58-63, K 64-66, L 68, M 69-75, N 77-82, O 84, P 85,
-- Q 86-88, R 90-93, S 94-96, T 97-98, U 99. NULL for a code that is no
-- division (04, 34, ...), so a typo never lands in a section silently.
CREATE OR REPLACE MACRO oked_section(d) AS CASE
  WHEN NOT regexp_full_match(d, '\d{2}') THEN NULL
  WHEN d BETWEEN '01' AND '03' THEN 'A'
  WHEN d BETWEEN '05' AND '09' THEN 'B'
  WHEN d BETWEEN '10' AND '33' THEN 'C'
  WHEN d = '35' THEN 'D'
  WHEN d BETWEEN '36' AND '39' THEN 'E'
  WHEN d BETWEEN '41' AND '43' THEN 'F'
  WHEN d BETWEEN '45' AND '47' THEN 'G'
  WHEN d BETWEEN '49' AND '53' THEN 'H'
  WHEN d BETWEEN '55' AND '56' THEN 'I'
  WHEN d BETWEEN '58' AND '63' THEN 'J'
  WHEN d BETWEEN '64' AND '66' THEN 'K'
  WHEN d = '68' THEN 'L'
  WHEN d BETWEEN '69' AND '75' THEN 'M'
  WHEN d BETWEEN '77' AND '82' THEN 'N'
  WHEN d = '84' THEN 'O'
  WHEN d = '85' THEN 'P'
  WHEN d BETWEEN '86' AND '88' THEN 'Q'
  WHEN d BETWEEN '90' AND '93' THEN 'R'
  WHEN d BETWEEN '94' AND '96' THEN 'S'
  WHEN d BETWEEN '97' AND '98' THEN 'T'
  WHEN d = '99' THEN 'U'
END;

-- x log2 x with the convention 0 log 0 = 0 (the limit), for entropies.
CREATE OR REPLACE MACRO xlog2x(x) AS CASE WHEN x > 0 THEN x * log2(x) WHEN x = 0 THEN 0 END;

-- territory(kato, vintage): a key for the land a region code covers on given
-- borders. A region that a later split made smaller (registry/
-- territory_pieces.csv) is a different territory before the split:
-- territory('630000000', '2018') = '630000000<2022' (East Kazakhstan with
-- Abai), territory('630000000', '2022') = '630000000'. An unchanged region
-- has one key on every vintage, so its series runs on across a boundary
-- reform that did not touch it (Akmola in 2021 and 2022).
CREATE OR REPLACE MACRO territory(k, v) AS k || coalesce('<' || (
  SELECT min(t.source_vintage) FROM territory_pieces t WHERE t.target_kato = k AND t.target_vintage = v), '');
