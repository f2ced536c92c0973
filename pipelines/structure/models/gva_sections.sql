-- gva_sections: gross value added by region x OKED section x year, as the
-- structure indices read it (an internal table).
--
-- Source: no paper: data preparation (docs/methods.md section 0).
--
-- Edge cases:
-- Rule for placeholder zeros (missing is not zero): a regional 0 for a
-- section the Republic row does not publish in that year, while the Republic
-- publishes other sections that year, is not a figure but an empty cell
-- filled with zero by whoever built the table. The processed BNS series has
-- exactly these for South Kazakhstan 2011-2013 in sections I, K, M-S, which
-- the BNS only publishes from 2014 (in their place, 2010-2013 have an
-- aggregate "other services" that is not an industry). Such rows get
-- `placeholder` and are read as missing. A zero in a section the Republic
-- does publish is a real zero (Almaty and Astana cities have no mining) and
-- counts as a share of 0. Where the Republic publishes nothing in a year, a
-- zero cannot be told apart and is kept.
-- Divisions (two-digit industry codes) are not here: see variety.sql.
WITH gva AS (
  SELECT region_kato, year, industry, value, status, boundary_vintage, source
  FROM observations
  WHERE indicator = 'gva' AND period_type = 'year' AND regexp_full_match(industry, '[A-U]')
),
republic AS (
  SELECT year, industry FROM gva WHERE region_kato = '000000000' AND value IS NOT NULL
)
SELECT g.region_kato, g.year, g.industry, g.value AS gva, g.status, g.boundary_vintage, g.source,
       coalesce(g.value = 0 AND g.region_kato <> '000000000'
                AND g.year IN (SELECT year FROM republic)
                AND r.industry IS NULL, false) AS placeholder
FROM gva g
LEFT JOIN republic r ON r.year = g.year AND r.industry = g.industry
