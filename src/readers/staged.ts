import type { Db } from '../db/duckdb.ts';

/**
 * Every reader appends to one table of raw observations, as found in the
 * file: labels unresolved, values as text or number, a pointer to the cell
 * or row. Normalisation (src/normalise/sql/) turns it into `observations`.
 */
export async function createStagedTable(db: Db): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE staged (
    source VARCHAR NOT NULL,      -- the raw file, relative to the raw folder
    locator VARCHAR NOT NULL,     -- row or cell inside it: 'row 14', '''Sheet''!S17'
    vintage VARCHAR,              -- publication date of the source, for revisions
    indicator_raw VARCHAR,        -- catalogue id, or 'sdg:9-5-1:PT' for SDG series
    region_raw VARCHAR,
    period_raw VARCHAR,
    value_raw VARCHAR,            -- text as found (CSV, text cells)
    value_num DOUBLE,             -- numbers read as numbers (xlsx)
    unit_raw VARCHAR,
    status_raw VARCHAR,
    industry_raw VARCHAR,
    partner_raw VARCHAR,
    product_raw VARCHAR,
    flow_raw VARCHAR,
    note VARCHAR
  )`);
}
