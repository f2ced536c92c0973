-- The SQL macros the machinery offers every pipeline: its models, its checks
-- and the normalisation's checks of observations (src/normalise/checks/) may
-- call them, besides the macros of the pipeline's own macros.sql. Part of the
-- facade (src/index.ts) as much as its TypeScript exports are: a pipeline
-- relies on nothing else of src/ in its SQL but these, the reference tables
-- and the normalised views. Loaded into every DuckDB a run opens
-- (src/models/macros.ts); editing this file re-runs compute and check.

-- fmt_num(x): a number as people write it in a message: 416 rather than 416.0.
CREATE OR REPLACE MACRO fmt_num(x) AS regexp_replace(x::VARCHAR, '\.0$', '');

-- covers_all(b): a breakdown code (industry, partner, product, flow) of a
-- figure that is not a part of that breakdown: `_T`, the total over it (all
-- industries, the world as partner, all goods), or `_Z`, the breakdown does
-- not apply to the indicator (src/normalise/contract.ts). Breakdown keys are
-- never NULL (SDMX codes); `covers_all(industry)` is what `industry IS NULL`
-- used to say.
CREATE OR REPLACE MACRO covers_all(b) AS b IN ('_T', '_Z');
