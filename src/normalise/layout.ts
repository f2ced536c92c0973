/**
 * Where the normalise stage's tables are in its folder, as DuckDB reads them: `observations` is parts, each
 * in key order (one per input, or per group of inputs sharing indicators, src/normalise/normalise.ts),
 * read by a glob. A module of its own, importing nothing: the stages that read
 * these tables take their fingerprints from the code they import, and need none of normalise's.
 */
export const NORMALISED_FILES = {
  observations: 'observations/*.parquet',
  revisions: 'revisions.parquet',
} as const;

export const OBSERVATIONS_DIR = 'observations';

/**
 * The normalisation's own checks of what it produced (value ranges, units, the Republic against its
 * regions): SQL over `observations`, run by the check stage of every pipeline beside the pipeline's
 * own checks, as every pipeline reads these observations. Project-relative.
 */
export const OBSERVATION_CHECKS = 'src/normalise/checks';
