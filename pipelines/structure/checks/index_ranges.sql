-- severity: error
-- index_ranges: the indices stay in their mathematical ranges, so a
-- formula slip shows up as a failed run rather than a plausible number:
-- HHI in (0, 1], Krugman in [0, 2], Hachman in (0, 1], entropy >= 0 and at
-- most log2 of the number of sections used; Gini in [0, 1); CV, Theil T, MLD and
-- sigma >= 0. A negative gross value added of a section is refused here:
-- shares, LQs and entropies are only defined for non-negative parts, and a
-- negative LQ published as if it were one would mislead. The indices are
-- over the common support (location_quotients.sql), so a confidential or
-- missing cell makes them smaller in scope, never out of range: these checks
-- fail on a value that is wrong, not on one that is unknown.
SELECT 'specialisation ' || region_kato || ' ' || year || ': ' || what AS message
FROM (
  SELECT region_kato, year, unnest(list_filter([
    CASE WHEN hhi <= 0 OR hhi > 1 + 1e-12 THEN 'hhi = ' || hhi || ' outside (0, 1]' END,
    CASE WHEN krugman < -1e-12 OR krugman > 2 + 1e-12 THEN 'krugman = ' || krugman || ' outside [0, 2]' END,
    CASE WHEN hachman <= 0 OR hachman > 1 + 1e-9 THEN 'hachman = ' || hachman || ' outside (0, 1]' END,
    CASE WHEN entropy < -1e-12 OR entropy > log2(greatest(industries, 1)) + 1e-9 THEN 'entropy = ' || entropy || ' bits outside [0, log2(' || industries || ')]' END
  ], x -> x IS NOT NULL)) AS what
  FROM specialisation
)
UNION ALL
SELECT 'location_quotients ' || region_kato || ' ' || year || ' section ' || industry || ': gross value added ' ||
       fmt_num(gva) || ' is negative; shares, LQs and entropies need non-negative parts (give the section as missing, or leave it out)'
FROM location_quotients WHERE gva < 0
UNION ALL
SELECT 'inequality ' || year || ': ' || what
FROM (
  SELECT year, unnest(list_filter([
    CASE WHEN gini < 0 OR gini >= 1 THEN 'gini = ' || gini || ' outside [0, 1)' END,
    CASE WHEN cv < 0 OR theil < -1e-12 OR mld < -1e-12 OR sigma < 0 THEN 'a negative dispersion (cv ' || cv || ', theil ' || theil || ', mld ' || mld || ', sigma ' || sigma || ')' END
  ], x -> x IS NOT NULL)) AS what
  FROM inequality
)
