-- gva_coverage: per year, whether the section breakdown is complete enough
-- for industry indices (location quotients and everything built on them).
--
-- Source: no paper: a guard of the industry indices (docs/methods.md section 0).
--
-- Formula and edge cases:
-- coverage_pct = sum of the Republic's sections / GDP * 100, GDP being the
-- Republic's `grp` of the same year. GDP = gross value added + net taxes on
-- products - FISIM, and net taxes are 5-9 % of Kazakhstan's GDP, so a complete
-- breakdown covers about 92-95 % (2014-2025 in the processed BNS series). It
-- covers 2010-2013 only 72-78 %: sections I and K-S are published from 2014, an aggregate
-- "other services" stands in their place before, and shares over the
-- remaining sections would inflate every region's goods sectors. A year is
-- `used` when coverage_pct >= the parameter min_gva_coverage_pct (default 85),
-- or when no GDP is given to judge by (coverage_pct NULL, say so in `reason`).
WITH n AS (
  SELECT year, count(gva)::INTEGER AS sections, string_agg(industry, ',' ORDER BY industry) FILTER (WHERE gva IS NOT NULL) AS section_list,
         sum(gva) AS republic_gva, bool_or(derived) AS derived
  FROM gva_national GROUP BY year
),
gdp AS (
  SELECT year, value AS gdp FROM observations
  WHERE indicator = 'grp' AND region_kato = '000000000' AND period_type = 'year' AND covers_all(industry)
)
SELECT n.year, n.sections, n.section_list, n.republic_gva, n.derived AS republic_derived, gdp.gdp,
       n.republic_gva / nullif(gdp.gdp, 0) * 100 AS coverage_pct,
       coalesce(n.republic_gva / nullif(gdp.gdp, 0) * 100 >= getvariable('min_gva_coverage_pct'), true) AS used,
       CASE
         WHEN gdp.gdp IS NULL THEN 'no GDP for this year to check the breakdown against: used as given'
         WHEN n.republic_gva / nullif(gdp.gdp, 0) * 100 < getvariable('min_gva_coverage_pct')
           THEN 'the sections (' || n.section_list || ') cover ' || round(n.republic_gva / gdp.gdp * 100, 1) ||
                ' % of GDP, below ' || fmt_num(getvariable('min_gva_coverage_pct')) || ' %: an aggregate stands in for missing sections'
       END AS reason
FROM n LEFT JOIN gdp ON gdp.year = n.year
