-- expenditure_measures: the activity group's expenditure measure of
-- innovation_rating (column expenditure_measure) with the years it covers
-- ("2010-2021"), earliest first. The measure changed with the BNS's 2022
-- survey (rating_indicators.sql); where the later one appears, the run
-- report and the dataset description state the break in the series.
SELECT expenditure_measure AS measure, min(year) || '-' || max(year) AS years
FROM innovation_rating GROUP BY ALL ORDER BY min(year)
