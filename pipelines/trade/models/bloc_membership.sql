-- bloc_membership: which partner counts for which bloc in which period.
-- Membership dates are data (registry/blocs.csv, sources in registry/blocs.md):
-- EAEU (KZ, RU, BY from 2015-01-01, AM 2015-01-02, KG 2015-08-12), the
-- Customs Union of BY, KZ and RU before it (2010-01-01 to 2014-12-31), CIS,
-- SCO, EU, Central Asia, China; "far abroad" is every country outside the CIS
-- (registry/bloc_definitions.csv, complement_of = cis). The integration report 2020 compares
-- Kazakhstan's trade with the EAEU, CIS, SCO and China.
--
-- Source:
--   "New trends in global and regional integration: integration policy of Kazakhstan as an
--     integral part of the state's foreign policy", research report (2020).
--
-- Rule for a period in which membership starts or ends (parameter
-- bloc_membership):
--   majority   (default) the country counts for the whole period when it was a
--              member on more than half of the period's days
--              (days_member * 2 > period_days);
--   period_end it counts when it was a member on the period's last day;
--   any_day    it counts when it was a member on any day of the period.
-- With the default, for annual data: Armenia counts for the EAEU in 2015
-- (member from 2 January, 364 of 365 days), Kyrgyzstan from 2016 (joined
-- 12 August 2015: 142 days); the United Kingdom counts for the EU in 2019,
-- not in 2020 (31 days); India and Pakistan count for the SCO in 2017
-- (206 days), Iran from 2024 (2023: 181 of 365 days), Belarus from 2025
-- (2024: 181 of 366 days). For quarters the same rule applies per quarter
-- (Kyrgyzstan counts for the EAEU in 2015-Q3: 50 of 92 days).
--
-- Edge cases:
-- * a 'to' date is the last day of membership (inclusive); an empty 'from'
--   or 'to' is an open end;
-- * Kazakhstan is the reporter, never its own partner: it is left out;
-- * a complement bloc contains every country of registry/countries.csv that
--   does not count for its base bloc in that period.
WITH periods AS (
  SELECT DISTINCT period, period_start, period_end,
         (period_end - period_start + 1)::INTEGER AS period_days
  FROM period_links
),
spells AS (
  SELECT p.period, p.period_days, p.period_end, m.bloc, m.member AS partner,
         greatest(0, least(p.period_end, coalesce(m.member_to, p.period_end))
                     - greatest(p.period_start, coalesce(m.member_from, p.period_start)) + 1) AS days,
         (m.member_from IS NULL OR m.member_from <= p.period_end)
           AND (m.member_to IS NULL OR m.member_to >= p.period_end) AS at_end
  FROM periods p
  JOIN bloc_members_raw m
    ON (m.member_from IS NULL OR m.member_from <= p.period_end)
   AND (m.member_to IS NULL OR m.member_to >= p.period_start)
  WHERE m.member <> 'KAZ'
),
explicit AS (
  SELECT period, bloc, partner, sum(days)::INTEGER AS days_member, any_value(period_days) AS period_days,
         bool_or(at_end) AS member_at_end
  FROM spells GROUP BY period, bloc, partner
),
counted AS (
  SELECT *,
    CASE getvariable('bloc_membership')
      WHEN 'majority' THEN days_member * 2 > period_days
      WHEN 'period_end' THEN member_at_end
      WHEN 'any_day' THEN days_member > 0
    END AS counted
  FROM explicit
),
complement AS (
  SELECT p.period, d.bloc, c.alpha3 AS partner,
         (p.period_days - coalesce(b.days_member, 0))::INTEGER AS days_member, p.period_days,
         NOT coalesce(b.member_at_end, false) AS member_at_end,
         NOT coalesce(b.counted, false) AS counted
  FROM periods p
  CROSS JOIN bloc_definitions d
  CROSS JOIN countries c
  LEFT JOIN counted b ON b.period = p.period AND b.bloc = d.complement_of AND b.partner = c.alpha3
  WHERE d.complement_of IS NOT NULL AND c.alpha3 <> 'KAZ'
)
SELECT l.year, l.period, l.period_type, x.bloc, x.partner, x.days_member, x.period_days, x.counted
FROM (SELECT period, bloc, partner, days_member, period_days, counted FROM counted
      UNION ALL
      SELECT period, bloc, partner, days_member, period_days, counted FROM complement WHERE counted) x
JOIN (SELECT DISTINCT year, period, period_type FROM period_links) l USING (period)
