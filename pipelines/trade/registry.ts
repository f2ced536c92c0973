import path from 'node:path';
import { z } from 'zod';
import {
  type ComputeContext,
  displayPath,
  inputErrorFrom,
  lit,
  type Problem,
  projectRoot,
} from '../../src/index.ts';

/**
 * The trade pipeline's own reference data, kept as CSV in registry/ so that
 * membership dates and the processing mapping are data, not code:
 * bloc_definitions.csv (blocs and their names; a bloc can be the complement
 * of another, like "far abroad" = not CIS), blocs.csv (who was a member of
 * which bloc from when to when) and hs_processing.csv (raw or processed, by
 * HS chapter or heading). Each row is validated so that a typo names its
 * file, row and field (exit 3) instead of silently moving a country.
 */
export const registryFiles = {
  definitions: 'registry/bloc_definitions.csv',
  blocs: 'registry/blocs.csv',
  processing: 'registry/hs_processing.csv',
} as const;

const isoDate = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected a date as YYYY-MM-DD, or nothing for an open end')
  .refine((s) => s === '' || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');
const blocId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case id such as eaeu');

const definitionRow = z.object({
  bloc: blocId,
  name_en: z.string().min(1, 'required'),
  name_ru: z.string().min(1, 'required'),
  complement_of: z.string().optional().default(''),
  note: z.string().optional().default(''),
});
const memberRow = z
  .object({
    bloc: blocId,
    member: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code such as RUS'),
    from: isoDate,
    to: isoDate,
    note: z.string().optional().default(''),
  })
  .refine((r) => r.from === '' || r.to === '' || r.from <= r.to, {
    message: "'to' is before 'from'",
    path: ['to'],
  });
const processingRow = z.object({
  hs: z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6})$/, 'expected an HS chapter (2 digits), heading (4) or subheading (6)'),
  degree: z.enum(['raw', 'processed']),
  rationale: z.string().min(1, 'say why'),
});

async function readRows<T>(
  ctx: Pick<ComputeContext, 'db'>,
  file: string,
  schema: z.ZodType<T>,
  problems: Problem[],
) {
  const rows = await ctx.db.all<Record<string, string | null>>(
    `SELECT * FROM read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true)`,
  );
  // Each valid row keeps its row number in the file, for later messages.
  const out: (T & { row: number })[] = [];
  rows.forEach((row, i) => {
    const clean = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? '']));
    const r = schema.safeParse(clean);
    if (r.success) out.push({ ...r.data, row: i + 2 });
    else
      for (const issue of r.error.issues)
        problems.push({
          file: displayPath(file),
          where: `row ${i + 2} field ${issue.path.join('.') || '?'}`,
          message: issue.message,
        });
  });
  return out;
}

/**
 * A compute step: validates the registry files (under `root`, the project by
 * default) and loads them as tables bloc_definitions, bloc_members_raw and
 * hs_processing. Needs the reference table `countries`.
 */
export async function loadTradeRegistry(ctx: Pick<ComputeContext, 'db'>, root = projectRoot): Promise<void> {
  const problems: Problem[] = [];
  const file = (rel: string) => path.join(root, rel);
  const defs = await readRows(ctx, file(registryFiles.definitions), definitionRow, problems);
  const members = await readRows(ctx, file(registryFiles.blocs), memberRow, problems);
  await readRows(ctx, file(registryFiles.processing), processingRow, problems);
  const ids = new Set(defs.map((d) => d.bloc));
  for (const d of defs)
    if (d.complement_of && !ids.has(d.complement_of))
      problems.push({
        file: displayPath(file(registryFiles.definitions)),
        where: `row ${d.row} field complement_of`,
        message: `unknown bloc '${d.complement_of}' (blocs: ${[...ids].join(', ')})`,
      });
  const known = new Set(
    (await ctx.db.all<{ alpha3: string }>('SELECT alpha3 FROM countries')).map((c) => c.alpha3),
  );
  const blocsFile = displayPath(file(registryFiles.blocs));
  for (const m of members) {
    if (!ids.has(m.bloc))
      problems.push({
        file: blocsFile,
        where: `row ${m.row} field bloc`,
        message: `bloc '${m.bloc}' is not defined in ${registryFiles.definitions}`,
      });
    if (!known.has(m.member))
      problems.push({
        file: blocsFile,
        where: `row ${m.row} field member`,
        message: `'${m.member}' is not an ISO 3166-1 alpha-3 code in registry/countries.csv`,
      });
  }
  // Two spells of one country in one bloc must not overlap, or its trade would count twice.
  for (const [i, m] of members.entries())
    for (const [j, o] of members.entries()) {
      if (j <= i || o.bloc !== m.bloc || o.member !== m.member) continue;
      const overlap =
        (m.to === '' || o.from === '' || o.from <= m.to) && (o.to === '' || m.from === '' || m.from <= o.to);
      if (overlap)
        problems.push({
          file: blocsFile,
          where: `row ${o.row}`,
          message: `${o.member} in ${o.bloc} overlaps row ${m.row} (${m.from || '…'} to ${m.to || '…'})`,
        });
    }
  if (problems.length) throw inputErrorFrom(problems, 'invalid trade registry');

  const csv = (rel: string) =>
    `read_csv(${lit(file(rel))}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  await ctx.db.run(`
    CREATE OR REPLACE TABLE bloc_definitions AS
      SELECT bloc, name_en, name_ru, nullif(complement_of, '') AS complement_of FROM ${csv(registryFiles.definitions)};
    CREATE OR REPLACE TABLE bloc_members_raw AS
      SELECT bloc, member, nullif("from", '')::DATE AS member_from, nullif("to", '')::DATE AS member_to
      FROM ${csv(registryFiles.blocs)};
    CREATE OR REPLACE TABLE hs_processing AS
      SELECT hs, degree, rationale FROM ${csv(registryFiles.processing)};`);
}
