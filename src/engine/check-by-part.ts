import { type Db, lit } from '../core/duckdb.ts';
import { PROBLEMS_PER_FILE } from '../core/errors.ts';
import { hashJson } from '../core/hash.ts';

/**
 * The normalisation's own checks (src/normalise/checks) run on the observations one part at a time,
 * and what a check found in a part is kept by the part's content: after a revision of one input, only
 * its new part is read, and the other parts' findings come from the last check. Exact because those
 * checks look at one input's rows at a time (a row against its catalogue entry; the Republic against
 * its regions in the same file), and a part holds whole inputs. What else decides a finding (the
 * catalogue, the regions, the parameters) is part of the key, so a change to any of them reads every
 * part again.
 */

/** Findings by `check:basis:part`, as the check stage records them: the first messages of each, in order. */
export type PartFindings = Record<string, string[]>;

export interface ObservationPart {
  /** absolute path of the part's Parquet file */
  path: string;
  /** of its content */
  hash: string;
}

/** What decides a finding besides the part's rows: the reference tables the checks read, and the parameters. */
export async function findingBasis(db: Db, params: Record<string, unknown>): Promise<string> {
  const tables: string[] = [];
  for (const t of ['indicators', 'regions'])
    tables.push(
      (await db.value<string>(
        `SELECT md5(coalesce(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR), '')) FROM ${t} t`,
      )) ?? '',
    );
  return hashJson([tables, params]);
}

/** UTF-8 byte order, DuckDB's order of VARCHAR: the merged messages come out as one query over all rows gives them. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The messages of one check over every part (the first PROBLEMS_PER_FILE + 1 in order, as over the
 * whole table), reading only the parts `known` has no findings for. Each part is read through the
 * view `observations`, which the caller sets back to the whole table afterwards.
 */
export async function checkByPart(
  db: Db,
  opts: {
    check: string;
    basis: string;
    parts: ObservationPart[];
    known: PartFindings;
    violations: () => Promise<string[]>;
  },
): Promise<{ messages: string[]; findings: PartFindings; read: number }> {
  const findings: PartFindings = {};
  const all: string[] = [];
  let read = 0;
  for (const part of opts.parts) {
    const key = `${opts.check}:${opts.basis}:${part.hash}`;
    let found = opts.known[key];
    if (!found) {
      await db.run(`CREATE OR REPLACE VIEW observations AS SELECT * FROM read_parquet(${lit(part.path)})`);
      found = await opts.violations();
      read++;
    }
    findings[key] = found;
    all.push(...found);
  }
  // each part kept its own first messages, so the first of all are among them
  const messages = all.sort(byBytes).slice(0, PROBLEMS_PER_FILE + 1);
  return { messages, findings, read };
}
