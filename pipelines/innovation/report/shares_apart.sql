-- shares_apart: where grp_shares has both a share computed from the money
-- figure and GRP and a published share, and they differ by more than half of
-- the published share's rounding (the SDG platform's 0.01), by indicator and
-- year with each region's two figures. Beyond rounding the two disagree
-- (another GRP estimate or R&D figure behind the published one?): the
-- published one is used, and the run report shows both.
SELECT s.indicator, s.year,
       string_agg(coalesce(r.name_en, s.region_kato) || ' ' || round(s.value, 3) || ' against ' || s.published_value,
                  ', ' ORDER BY s.region_kato) AS which
FROM grp_shares s LEFT JOIN regions r ON r.kato = s.region_kato
WHERE abs(s.value - s.published_value) > 0.005 + 1e-9 GROUP BY ALL ORDER BY ALL
