-- Macros of the innovation pipeline (Kireeva 2015), shared by its index files.
--
-- Source:
--   A. A. Kireeva, "Differentiated organizational and economic mechanisms of
--     industrial-innovation development of the regions of Kazakhstan" (2015).
--
-- same_territory(region, v1, v2): does `region` (a KATO code) cover the same land on
-- boundary vintage v1 as on v2 (registry/boundary_vintages.csv)? Only then
-- may two of its figures be compared or combined: a ratio of East Kazakhstan
-- 2023 (without Abai, 2022 borders) to East Kazakhstan 2010 (1997 borders)
-- measures a change of borders, not of R&D. True when v1 = v2; otherwise the
-- region must exist in both vintages and must not be one that
-- registry/territory_pieces.csv splits into several pieces between them (in
-- either direction: the table lists the older vintage as the target).
-- Edge cases: South Kazakhstan (1997 only) is never comparable to a 2018 or
-- 2022 figure; Turkestan on 2018 and on 2022 borders is the same land; the
-- Republic ('000000000') is the same land on every vintage.
CREATE OR REPLACE MACRO same_territory(region, v1, v2) AS
  v1 = v2 OR (
    EXISTS (SELECT 1 FROM regions r
            WHERE r.kato = region AND list_contains(r.vintages, v1) AND list_contains(r.vintages, v2))
    AND NOT EXISTS (SELECT 1 FROM territory_pieces p
                    WHERE p.target_kato = region
                      AND ((p.target_vintage = v1 AND p.source_vintage = v2)
                        OR (p.target_vintage = v2 AND p.source_vintage = v1))));
