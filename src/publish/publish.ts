import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Db, ident, lit, parquetOptions } from '../core/duckdb.ts';
import { failpoint } from '../core/failpoint.ts';
import { fsyncPath, linkOrCopy, writeJsonAtomic } from '../core/fs.ts';
import { sha256File, stableStringify } from '../core/hash.ts';
import { safeJoin } from '../core/paths.ts';
import type { TableSpec } from '../core/pipeline.ts';
import { stepTimer } from '../core/step-timer.ts';
import { arrowTypeName, arrowTypeOfDuckdb, duckdbType, frictionlessType } from './contract.ts';
import {
  datapackageSchema,
  type Partitioning,
  type Resource as PublishedResource,
  resourceSchema,
  type TableGaps,
} from './datapackage.ts';
import { footerMetadata } from './footer.ts';
import { contentParts, type Part, type PartsWritten, writeParts } from './parts.ts';
import { type RevisionWarning, revisionWarnings } from './revisions.ts';
import { parquetScan } from './scan.ts';
import { assertSchemaCompatible, previousSchemas, schemaVersionOf } from './schema-version.ts';
import {
  datasetDir,
  latestVersion,
  newVersionId,
  readDatapackage,
  swapLatest,
  VERSION_PATTERN,
} from './versions.ts';

/**
 * Publishing a dataset version atomically (docs/reliability.md): everything is
 * written into a temporary folder beside the versions, each Parquet file is
 * checked against its table's Arrow contract, datapackage.json is written
 * last, the folder is renamed into place and `latest` is swapped by rename.
 * A crash at any point leaves the previous `latest` complete and readable; a
 * version whose content equals `latest` is not published at all.
 */
export interface PublishTable {
  spec: TableSpec;
  /** the table as the compute stage wrote it (typed, ordered) */
  file: string;
  rows: number;
  /** why it has no rows, or none for some years: the resource's `kzstat` property */
  gaps?: TableGaps;
  /** of its rows, columns and key (compute's hash): equal to the previous version's, its files are carried over */
  contentHash?: string;
  /** a table published as parts (parts.ts): each part's file, rows and content hash */
  parts?: Part[];
}

export interface PublishRequest {
  db: Db;
  outDir: string;
  dataset: string;
  title: string;
  description: string;
  tables: PublishTable[];
  /** a hash of the tables' content: equal to latest's -> nothing to publish */
  contentHash: string;
  sources: { title: string; path?: string; [k: string]: unknown }[];
  /** what produced the version: run id, parameters, inputs with sha256, fingerprints, warnings */
  provenance: Record<string, unknown>;
  /**
   * the id the run chose for this version (src/engine/run-version.ts), which the parts it wrote name in
   * their footers: used if it is still newer than every version, else the version gets a new id
   */
  version?: string;
}

export interface PublishResult {
  version?: string;
  path?: string;
  unchanged: boolean;
  previous?: string;
  /** tables whose figures changed or disappeared since the previous version */
  revised?: RevisionWarning[];
  /** milliseconds per step (each table's Parquet and Arrow files, the revision comparison), for --verbose */
  timings?: Record<string, number>;
  /** tables whose rows equal the previous version's: their files are the previous version's, linked */
  carried?: string[];
  /** of those, the ones copied because the file system refused a hard link */
  copied?: string[];
  /** tables published as parts: how many parts were carried over, and which are new */
  parts?: Record<string, { carried: number; added: string[] }>;
}

export class ContractError extends Error {}

/** Tables with more rows than this get no Arrow IPC twin (see below). */
export const ARROW_IPC_MAX_ROWS = 1_000_000;

export async function publishDataset(req: PublishRequest): Promise<PublishResult> {
  const dir = datasetDir(req.outDir, req.dataset);
  const previous = await latestVersion(req.outDir, req.dataset);
  if (previous && (await contentHashOf(req, previous)) === req.contentHash)
    return { unchanged: true, previous };
  await refuseIncompatibleSchemas(req, previous);
  const version = await nextVersionId(dir, previous, req.version);
  const tmp = path.join(dir, `.tmp-${version}-${process.pid}`);
  await mkdir(tmp, { recursive: true });
  const { timings, lap } = stepTimer();
  const copied: string[] = [];
  try {
    const resources: Resource[] = [];
    const carried = new Set<string>();
    const before = previous ? await previousResources(req, previous) : undefined;
    const parts: Record<string, { carried: number; added: string[] }> = {};
    for (const t of req.tables) {
      if (t.parts) {
        const written = await publishParts(req, version, t, tmp, before);
        resources.push(written.resource);
        parts[t.spec.name] = { carried: written.carried, added: written.added };
        if (written.added.length === 0) carried.add(t.spec.name);
        if (written.copied) copied.push(t.spec.name);
        lap(`${t.spec.name} (${written.added.length} of ${t.parts.length} parts new)`);
        continue;
      }
      const kept = before ? await carryOver(t, before, tmp) : undefined;
      if (kept) {
        carried.add(t.spec.name);
        if (kept.copied) copied.push(t.spec.name);
        resources.push(...kept.resources);
        lap(`${t.spec.name} carried over`);
      } else resources.push(...(await writeTable(req.db, req.dataset, version, t, tmp, lap)));
    }
    // compared with the previous version before this one is committed, so its datapackage records any
    // revision; a table carried over has the previous version's rows, so there is nothing to compare
    const revised = previous
      ? await revisionWarnings(req.db, req.outDir, req.dataset, previous, {
          dir: tmp,
          version,
          resources: resources
            .filter((r) => r.format === 'parquet' && !carried.has(String(r.table)))
            .map((r) => resourceSchema.parse(r)),
        })
      : [];
    lap('revisions');
    failpoint('publish:tables-written');
    // Written last: a version folder without it is, by construction, incomplete.
    await writeJsonAtomic(
      path.join(tmp, 'datapackage.json'),
      describeVersion(req, version, previous, resources, revised),
    );
    fsyncPath(tmp);
    failpoint('publish:datapackage-written');
    const final = await commitVersion(req, dir, tmp, version);
    lap('datapackage and commit');
    return {
      version,
      path: final,
      unchanged: false,
      previous,
      revised,
      timings,
      carried: [...carried],
      ...(copied.length ? { copied } : {}),
      parts,
    };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The previous version's resources by table, with the folder they are in. */
async function previousResources(
  req: PublishRequest,
  previous: string,
): Promise<{ dir: string; byTable: Map<string, PublishedResource[]> } | undefined> {
  const raw = await readDatapackage(req.outDir, req.dataset, previous);
  const parsed = datapackageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const byTable = new Map<string, PublishedResource[]>();
  for (const r of parsed.data.resources) {
    const t = r.table ?? r.name;
    byTable.set(t, [...(byTable.get(t) ?? []), r]);
  }
  return { dir: path.join(datasetDir(req.outDir, req.dataset), previous), byTable };
}

/**
 * A table whose rows, columns, key and schema version equal the previous version's keeps that
 * version's files: hard links into the new folder (a copy where the file system refuses a link), so
 * a version costs on disk only what changed and every version folder stays complete on its own. The
 * files' footers name the version that first wrote them.
 */
async function carryOver(
  t: PublishTable,
  before: { dir: string; byTable: Map<string, PublishedResource[]> },
  tmp: string,
): Promise<{ resources: Resource[]; copied: boolean } | undefined> {
  const old = before.byTable.get(t.spec.name);
  const parquet = old?.find((r) => (r.format ?? 'parquet') === 'parquet');
  if (!old || !parquet || !t.contentHash || parquet.kzstat?.content_hash !== t.contentHash) return undefined;
  if (parquet.schema_version !== schemaVersionOf(t.spec)) return undefined;
  if (stableStringify(parquet.schema) !== stableStringify(frictionlessSchema(t.spec))) return undefined;
  // a table over the Arrow limit now, or under it, is written again rather than half carried
  if (old.some((r) => r.format === 'arrow') !== t.rows <= ARROW_IPC_MAX_ROWS) return undefined;
  // a previous file that is gone or not the size its descriptor says is not carried: the table is written
  for (const r of old)
    for (const rel of Array.isArray(r.path) ? r.path : [r.path]) {
      const size = await stat(path.join(before.dir, rel)).then(
        (s) => s.size,
        () => -1,
      );
      if (r.bytes !== undefined && !Array.isArray(r.path) && size !== r.bytes) return undefined;
      if (size < 0) return undefined;
    }
  let copied = false;
  for (const r of old)
    for (const rel of Array.isArray(r.path) ? r.path : [r.path]) {
      const to = safeJoin(tmp, ...rel.split('/'));
      await mkdir(path.dirname(to), { recursive: true });
      copied = (await linkOrCopy(path.join(before.dir, rel), to)) || copied;
    }
  const kzstat = { ...(t.gaps ?? {}), content_hash: t.contentHash };
  return {
    resources: old.map((r) => ({
      ...r,
      format: r.format ?? 'parquet',
      title: r.format === 'arrow' ? `${t.spec.title} (Arrow IPC)` : t.spec.title,
      ...(r.format === 'arrow' ? {} : { description: t.spec.description }),
      kzstat,
    })),
    copied,
  };
}

async function contentHashOf(req: PublishRequest, version: string): Promise<string | undefined> {
  const pkg = await readDatapackage<{ kzstat?: { content_hash?: string } }>(req.outDir, req.dataset, version);
  return pkg?.kzstat?.content_hash;
}

/** A column type changed or a column removed without a new major schema version: refused before anything is written. */
async function refuseIncompatibleSchemas(req: PublishRequest, previous: string | undefined): Promise<void> {
  const before = previous ? await previousSchemas(req.db, req.outDir, req.dataset, previous) : new Map();
  for (const t of req.tables) assertSchemaCompatible(req.dataset, t.spec, before.get(t.spec.name), previous);
}

async function nextVersionId(dir: string, previous: string | undefined, chosen?: string): Promise<string> {
  const versions = (await readdir(dir).catch(() => [] as string[]))
    .filter((v) => VERSION_PATTERN.test(v))
    .sort();
  const newest = [versions.at(-1), previous]
    .filter((v): v is string => v !== undefined)
    .sort()
    .at(-1);
  if (chosen && VERSION_PATTERN.test(chosen) && (!newest || chosen > newest)) return chosen;
  return newVersionId(newest);
}

/** The folder is renamed into place whole, then `latest` is swapped: readers never see half a version. */
async function commitVersion(
  req: PublishRequest,
  dir: string,
  tmp: string,
  version: string,
): Promise<string> {
  const final = safeJoin(dir, version);
  await rename(tmp, final);
  fsyncPath(dir);
  failpoint('publish:renamed');
  await swapLatest(req.outDir, req.dataset, version);
  return final;
}

type Resource = Record<string, unknown> & { format: string };

function frictionlessSchema(spec: TableSpec) {
  const fields = spec.columns.map((c) => ({
    name: c.name,
    type: frictionlessType[c.type],
    arrow_type: arrowTypeName(c.type),
    description: c.description,
    ...(c.unit ? { unit: c.unit } : {}),
    ...(c.required ? { constraints: { required: true } } : {}),
  }));
  return { fields, primaryKey: spec.primaryKey };
}

/**
 * A table of parts into the version folder (parts.ts): the previous version's parts carried where their
 * rows, and the table's schema, are the same; each new part checked against the contract. No Arrow IPC
 * twin: a table is in parts because it is large, and every Arrow library reads the Parquet parts.
 */
async function publishParts(
  req: PublishRequest,
  version: string,
  t: PublishTable,
  tmp: string,
  before: { dir: string; byTable: Map<string, PublishedResource[]> } | undefined,
): Promise<PartsWritten & { resource: Resource }> {
  const old = before?.byTable.get(t.spec.name)?.find((r) => (r.format ?? 'parquet') === 'parquet');
  const sameSchema =
    old !== undefined &&
    old.schema_version === schemaVersionOf(t.spec) &&
    stableStringify(old.schema) === stableStringify(frictionlessSchema(t.spec));
  const written = await writeParts(
    req.db,
    t.spec,
    t.parts!,
    tmp,
    footerMetadata(req.dataset, version, t.spec),
    sameSchema ? { dir: before!.dir, parts: contentParts(old) } : undefined,
  );
  for (const rel of written.added)
    await verifyContract(req.db, parquetScan([path.join(tmp, rel)]), t.spec, undefined);
  const resource: Resource = {
    name: t.spec.name,
    title: t.spec.title,
    description: t.spec.description,
    path: written.files.map((f) => f.path),
    bytes: written.files.reduce((n, f) => n + f.bytes, 0),
    files: written.files,
    format: 'parquet',
    mediatype: 'application/vnd.apache.parquet',
    rows: t.rows,
    table: t.spec.name,
    schema_version: schemaVersionOf(t.spec),
    schema: frictionlessSchema(t.spec),
    kzstat: { ...(t.gaps ?? {}), ...(t.contentHash ? { content_hash: t.contentHash } : {}) },
  };
  return { ...written, resource };
}

/** One table into the version folder: its Parquet file(s), checked against the contract, and maybe an Arrow twin. */
async function writeTable(
  db: Db,
  dataset: string,
  version: string,
  t: PublishTable,
  tmp: string,
  lap: (step: string) => void,
): Promise<Resource[]> {
  const kv = footerMetadata(dataset, version, t.spec);
  const partitioning = partitioningOf(t.spec);
  const written = await writeParquet(db, t, tmp, kv, partitioning);
  await verifyContract(db, parquetScan(written.files, partitioning), t.spec, partitioning);
  for (const f of written.files) fsyncPath(f);
  const files = await Promise.all(
    written.files.map(async (f) => ({
      path: path.relative(tmp, f),
      bytes: (await stat(f)).size,
      hash: `sha256:${await sha256File(f)}`,
    })),
  );
  lap(`${t.spec.name}.parquet`);
  const common = {
    rows: t.rows,
    table: t.spec.name,
    schema_version: schemaVersionOf(t.spec),
    schema: frictionlessSchema(t.spec),
    ...(t.gaps || t.contentHash
      ? { kzstat: { ...(t.gaps ?? {}), ...(t.contentHash ? { content_hash: t.contentHash } : {}) } }
      : {}),
  };
  const parquet: Resource = {
    name: t.spec.name,
    title: t.spec.title,
    description: t.spec.description,
    ...(partitioning
      ? { path: files.map((f) => f.path), bytes: files.reduce((n, f) => n + f.bytes, 0), files, partitioning }
      : { path: files[0]!.path, bytes: files[0]!.bytes, hash: files[0]!.hash }),
    format: 'parquet',
    mediatype: 'application/vnd.apache.parquet',
    ...common,
  };
  // Only up to ARROW_IPC_MAX_ROWS: a browser or a Node script loads such a file whole, and building
  // one value at a time in JavaScript is what makes a ten-million-row publish slow. Bigger tables are
  // Parquet only, which every Arrow library reads too.
  if (t.rows > ARROW_IPC_MAX_ROWS) return [parquet];
  const arrowFile = await writeArrowTwin(db, t.spec, parquetScan(written.files, partitioning), tmp, kv);
  const arrowResource: Resource = {
    name: `${t.spec.name}.arrow`,
    title: `${t.spec.title} (Arrow IPC)`,
    description: `The table ${t.spec.name} as an Arrow IPC file, for JavaScript and other Arrow readers.`,
    path: `${t.spec.name}.arrow`,
    format: 'arrow',
    mediatype: 'application/vnd.apache.arrow.file',
    bytes: (await stat(arrowFile)).size,
    hash: `sha256:${await sha256File(arrowFile)}`,
    ...common,
  };
  lap(`${t.spec.name}.arrow`);
  return [parquet, arrowResource];
}

/** The table as an Arrow IPC file for JavaScript readers, with the contract's field metadata. */
async function writeArrowTwin(
  db: Db,
  spec: TableSpec,
  scan: string,
  tmp: string,
  kv: Record<string, string>,
): Promise<string> {
  const arrowFile = safeJoin(tmp, `${spec.name}.arrow`);
  // loaded here, not at start-up: a run whose stages are all cached never needs Arrow
  const { writeArrowIpc } = await import('./arrow-ipc.ts');
  await writeArrowIpc(
    db,
    `SELECT ${spec.columns.map((c) => ident(c.name)).join(', ')} FROM ${scan}
     ORDER BY ${spec.primaryKey.map((k) => `${ident(k)} NULLS FIRST`).join(', ')}`,
    arrowFile,
    spec.columns,
    kv,
  );
  fsyncPath(arrowFile);
  return arrowFile;
}

/** datapackage.json: the version's resources, where they came from, and any revision found. */
function describeVersion(
  req: PublishRequest,
  version: string,
  previous: string | undefined,
  resources: Resource[],
  revised: RevisionWarning[],
) {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: req.dataset,
    title: req.title,
    description: req.description,
    version,
    created: new Date().toISOString(),
    licenses: [
      {
        name: 'other-at',
        title:
          'Official statistics of the Republic of Kazakhstan: cite the Bureau of National Statistics (stat.gov.kz) and the sources below',
      },
    ],
    sources: req.sources,
    resources,
    kzstat: {
      ...req.provenance,
      ...(revised.length
        ? { warnings: [...((req.provenance.warnings as unknown[]) ?? []), ...revised] }
        : {}),
      content_hash: req.contentHash,
      previous_version: previous ?? null,
    },
  };
}

/** A partitioned table's declaration: its partition columns with their types. */
function partitioningOf(spec: TableSpec): Partitioning | undefined {
  if (!spec.partitionBy?.length) return undefined;
  return {
    style: 'hive',
    columns: spec.partitionBy.map((name) => {
      const c = spec.columns.find((col) => col.name === name);
      if (!c)
        throw new ContractError(`table ${spec.name}: partition column '${name}' is not one of its columns`);
      // a NULL would become a folder named `name=NULL`, which readers take for text
      if (!c.required)
        throw new ContractError(
          `table ${spec.name}: partition column '${name}' must be required (never NULL)`,
        );
      return {
        name,
        type: frictionlessType[c.type],
        arrow_type: arrowTypeName(c.type),
        duckdb_type: duckdbType[c.type],
      };
    }),
  };
}

async function writeParquet(
  db: Db,
  t: PublishTable,
  tmp: string,
  kv: Record<string, string>,
  partitioning: Partitioning | undefined,
): Promise<{ files: string[] }> {
  const options = [parquetOptions(kv)];
  if (!partitioning) {
    const file = safeJoin(tmp, `${t.spec.name}.parquet`);
    await db.run(`COPY (SELECT * FROM read_parquet(${lit(t.file)})) TO ${lit(file)} (${options.join(', ')})`);
    return { files: [file] };
  }
  const folder = safeJoin(tmp, t.spec.name);
  const order = t.spec.primaryKey.map((k) => `${ident(k)} NULLS FIRST`).join(', ');
  await db.run(
    `COPY (SELECT * FROM read_parquet(${lit(t.file)}) ORDER BY ${order}) TO ${lit(folder)}
     (${[...options, `PARTITION_BY (${partitioning.columns.map((c) => ident(c.name)).join(', ')})`].join(', ')})`,
  );
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return { files };
}

/** The written files must read back with exactly the contract's columns and types. */
async function verifyContract(
  db: Db,
  scan: string,
  spec: TableSpec,
  partitioning: Partitioning | undefined,
): Promise<void> {
  const cols = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${scan}`);
  const found = cols.map((c) => `${c.column_name}:${arrowTypeOfDuckdb(c.column_type) ?? c.column_type}`);
  // DuckDB puts Hive partition columns after the file's own columns
  const partitioned = partitioning?.columns.map((c) => c.name) ?? [];
  const ordered = [
    ...spec.columns.filter((c) => !partitioned.includes(c.name)),
    ...partitioned.map((name) => spec.columns.find((c) => c.name === name)!),
  ];
  const expected = ordered.map((c) => `${c.name}:${arrowTypeName(c.type)}`);
  if (found.join(',') !== expected.join(','))
    throw new ContractError(
      `table ${spec.name} does not match its Arrow contract:\n  expected ${expected.join(', ')}\n  written  ${found.join(', ')}`,
    );
}
