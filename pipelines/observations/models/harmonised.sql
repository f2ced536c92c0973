-- harmonised: every figure on one set of borders, so a series runs on
-- without a break (docs/data.md, "The region registry" (b)). Parameter
-- harmonise_to: the boundary vintage to express everything on (default 1997,
-- the only one every later figure can be summed back to).
--
-- Source: no paper: how figures move between boundary vintages is data preparation (docs/data.md).
--
-- A row stays as it is when its region exists on the target borders with the
-- same territory (Akmola always; Almaty Region on 1997 and 2018 borders alike;
-- the Republic). A territory the target has but the row's table splits is
-- rebuilt by summing its pieces (registry/territory_pieces.csv): South
-- Kazakhstan = Turkestan + Shymkent, Almaty Region (old borders) = Almaty
-- Region + Zhetisu, and so on, taking the pieces from the same table, period
-- and breakdown, and only when every piece has a value.
--
-- Edge cases:
-- * only additive indicators (catalogue column `additive`: counts, money,
--   persons) are summed; a ratio or per-capita figure of a merged territory
--   is not the sum of its parts, so it is refused and listed in
--   harmonise_refused (the run report names them);
-- * a figure for a finer territory than the target has (Abai on 1997
--   borders) or a coarser one than it can be split into (South Kazakhstan on
--   2018 borders) is left out: splitting would invent numbers;
-- * where a table prints the target territory itself and its pieces too
--   (the GRP workbook: South Kazakhstan beside the recalculated Turkestan and
--   Shymkent for 2011-2017), the printed figure is kept, not the sum;
-- * districts and settlements (KATO codes outside registry/regions.csv) have
--   no boundary history in the registry and are left out from the start, so
--   a district-level extract costs only its regional rows here.

-- registry_regions (the registry's KATO codes, src/normalise/reference.ts) is a constant, so DuckDB
-- filters while it scans the observations and decodes the other columns of the regions' rows only.
CREATE OR REPLACE TEMP TABLE harmonise_input AS
SELECT o.*, split_part(o.source, '#', 1) AS file, i.additive, getvariable('harmonise_to')::VARCHAR AS target
FROM observations o JOIN indicators i ON i.id = o.indicator
WHERE list_contains(getvariable('registry_regions'), o.region_kato);

CREATE OR REPLACE TEMP TABLE territory_changed AS
SELECT target_kato AS kato, target_vintage AS a, source_vintage AS b FROM territory_pieces
UNION SELECT target_kato, source_vintage, target_vintage FROM territory_pieces;

CREATE OR REPLACE TEMP TABLE harmonise_direct AS
SELECT h.* EXCLUDE (file, additive, target), h.target AS target_vintage, CAST(NULL AS VARCHAR) AS harmonised_from
FROM harmonise_input h
JOIN regions r ON r.kato = h.region_kato
WHERE list_contains(r.vintages, h.target)
  AND NOT EXISTS (SELECT 1 FROM territory_changed c WHERE c.kato = h.region_kato AND c.a = h.target AND c.b = h.boundary_vintage);

CREATE OR REPLACE TEMP TABLE harmonise_sums AS
WITH pieces AS (
  SELECT h.*, p.target_kato,
         (SELECT count(*) FROM territory_pieces q
          WHERE q.target_vintage = p.target_vintage AND q.target_kato = p.target_kato AND q.source_vintage = p.source_vintage) AS needed
  FROM harmonise_input h
  JOIN territory_pieces p ON p.piece_kato = h.region_kato AND p.source_vintage = h.boundary_vintage AND p.target_vintage = h.target
)
-- The pieces in KATO order from one sorted list per territory: string_agg(... ORDER BY region_kato), twice,
-- sorted each group on its own and took two thirds of this statement's time at ten million observations.
SELECT * EXCLUDE (listed),
       array_to_string(list_transform(listed, x -> x.region_kato || '=' || coalesce(fmt_num(x.value), x.status, 'NULL')), ' + ') AS parts,
       array_to_string(list_transform(listed, x -> x.source), '; ') AS sources
FROM (
  SELECT indicator, target_kato AS region_kato, period, industry, partner, product, flow,
         sum(value) AS value, min(unit) AS unit, bool_and(additive) AS additive,
         count(value) = max(needed) AS complete,
         list_sort(list({region_kato: region_kato, value: value, status: status, source: source})) AS listed,
         min(period_type) AS period_type, min(year) AS year, min(period_start) AS period_start, min(period_end) AS period_end,
         min(boundary_vintage) AS from_vintage, min(target) AS target_vintage, file
  FROM pieces
  GROUP BY indicator, target_kato, period, industry, partner, product, flow, file
);

CREATE OR REPLACE TABLE harmonise_refused AS
SELECT indicator, region_kato, period, parts,
       CASE WHEN NOT additive THEN 'a ratio: the figure of a merged territory is not the sum of its parts'
            ELSE 'not every piece has a value' END AS reason
FROM harmonise_sums s
WHERE NOT (additive AND complete)
  AND NOT EXISTS (SELECT 1 FROM harmonise_direct d
                  WHERE d.indicator = s.indicator AND d.region_kato = s.region_kato AND d.period = s.period
                    AND d.industry IS NOT DISTINCT FROM s.industry AND d.partner IS NOT DISTINCT FROM s.partner
                    AND d.product IS NOT DISTINCT FROM s.product AND d.flow IS NOT DISTINCT FROM s.flow);

CREATE OR REPLACE TABLE harmonised AS
SELECT indicator, region_kato, period, industry, partner, product, flow, value, unit, status, source,
       period_type, year, period_start, period_end, target_vintage AS boundary_vintage,
       CASE WHEN boundary_vintage <> target_vintage THEN 'same territory on ' || boundary_vintage || ' borders' END AS harmonised_from
FROM harmonise_direct
UNION ALL
SELECT s.indicator, s.region_kato, s.period, s.industry, s.partner, s.product, s.flow, s.value, s.unit, NULL, s.sources,
       s.period_type, s.year, s.period_start, s.period_end, s.target_vintage,
       'sum of ' || s.parts || ' (' || s.from_vintage || ' borders)'
FROM harmonise_sums s
WHERE s.additive AND s.complete
  AND NOT EXISTS (SELECT 1 FROM harmonise_direct d
                  WHERE d.indicator = s.indicator AND d.region_kato = s.region_kato AND d.period = s.period
                    AND d.industry IS NOT DISTINCT FROM s.industry AND d.partner IS NOT DISTINCT FROM s.partner
                    AND d.product IS NOT DISTINCT FROM s.product AND d.flow IS NOT DISTINCT FROM s.flow);
