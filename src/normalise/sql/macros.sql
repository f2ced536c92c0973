-- Macros shared by every normalisation step (the macros pipelines may call
-- are src/models/macros.sql).
--
-- fold_label(s): the key a region label is looked up by. Real files spell the
-- same region many ways: Cyrillic look-alike letters inside Latin names
-- ("Аktobе", "Кaragandy"), Kazakh letters where Russian ones are expected
-- ("Жетісу"/"Жетысу"), footnote markers glued on ("Туркестанская 1",
-- "Astana city2)"), trailing spaces, "Region"/"область" or not. The fold maps
-- every such spelling to one skeleton: lower case, footnote markers dropped,
-- punctuation to spaces, the generic words for "region" dropped, Kazakh letters
-- to their nearest Russian ones and Cyrillic letters to the Latin letters they
-- look like. Aliases are folded the same way, so the fold only has to be
-- consistent, not pretty. "city" is kept: "Almaty" (the region) and
-- "Almaty city" must stay apart.
CREATE OR REPLACE MACRO fold_label(s) AS trim(regexp_replace(
  translate(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      lower(nfc_normalize(s)),
      '[¹²³⁰-⁹*]+', ' ', 'g'),        -- superscript digits, asterisks
      '(\s\d{1,2}\)?|\d{1,2}\))\s*$', ' ', 'g'),               -- trailing footnote "1", "1)", "2)"
      '[._,;:()«»"''’/\\\-–—]+', ' ', 'g'),                   -- punctuation
      '(^|\s)(region|oblast|obl|province|область|обл|облысы)(\s|$)', ' ', 'g'),
    'аеорсухкмтнвәғқңөұүһіёй',
    'aeopcyxkmthbaгkhoyyxieи'),
  '\s+', ' ', 'g'));

-- fold_unit(s): the key a units cell or unit column is looked up by
-- ("mln.tenge", " тыс.тенге", "человек, на начало года", "PT").
CREATE OR REPLACE MACRO fold_unit(s) AS trim(regexp_replace(
  regexp_replace(lower(nfc_normalize(s)), '[.,;:()]+', ' ', 'g'),
  '\s+', ' ', 'g'));

-- Excel column letters for a 1-based column number (A..XFD), for cell pointers.
CREATE OR REPLACE MACRO col_letter(n) AS
  CASE
    WHEN n <= 26 THEN chr(64 + n)
    WHEN n <= 702 THEN chr(64 + (n - 1) // 26) || chr(65 + (n - 1) % 26)
    ELSE chr(64 + (n - 703) // 676 + 1) || chr(65 + ((n - 703) // 26) % 26) || chr(65 + (n - 1) % 26)
  END;

-- Markers statistics offices print instead of a number, to the status kept
-- beside a NULL value: x = confidential, - = no such phenomenon, na = not
-- available (BNS prints "…" or leaves the cell empty).
CREATE OR REPLACE MACRO marker_status(s) AS
  CASE lower(trim(s))
    WHEN 'x' THEN 'x' WHEN 'х' THEN 'x' WHEN 'conf' THEN 'x' WHEN 'c' THEN 'x'
    WHEN '-' THEN '-' WHEN '–' THEN '-' WHEN '—' THEN '-'
    WHEN '…' THEN 'na' WHEN '...' THEN 'na' WHEN '..' THEN 'na' WHEN 'na' THEN 'na' WHEN 'n/a' THEN 'na'
    ELSE NULL
  END;

-- fold_country(s): the key a country name is compared by when an unknown
-- partner code gets a "did you mean" hint ('U.K.', 'united kingdom', 'Россия'):
-- lower case, punctuation and spaces dropped.
CREATE OR REPLACE MACRO fold_country(s) AS
  regexp_replace(lower(nfc_normalize(trim(s))), '[\s.,;:()''’"\-]+', '', 'g');
