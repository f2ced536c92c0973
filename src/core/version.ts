import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.ts';

/** The engine's version (package.json) and the DuckDB library it runs on, recorded in every version. */
const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
const duckdbPkg = JSON.parse(
  readFileSync(fromRoot('node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'),
) as {
  version: string;
};

export const engineVersion = pkg.version;
export const duckdbVersion = duckdbPkg.version;
