import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Db, lit } from '../db/duckdb.ts';
import { failpoint } from '../engine/failpoint.ts';
import type { TableSpec } from '../engine/pipeline.ts';
import { fsyncPath, writeJsonAtomic } from '../util/fs.ts';
import { sha256File } from '../util/hash.ts';
import { safeJoin } from '../util/paths.ts';
import { arrowTypeName, arrowTypeOfDuckdb, frictionlessType } from './contract.ts';
import { datasetDir, latestVersion, newVersionId, readDatapackage, swapLatest } from './versions.ts';

/**
 * Publishing a dataset version atomically (ARCHITECTURE.md): everything is
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
}

export interface PublishResult {
  version?: string;
  path?: string;
  unchanged: boolean;
  previous?: string;
}

export class ContractError extends Error {}

export async function publishDataset(req: PublishRequest): Promise<PublishResult> {
  const dir = datasetDir(req.outDir, req.dataset);
  const previous = await latestVersion(req.outDir, req.dataset);
  if (previous) {
    const pkg = await readDatapackage<{ kzstat?: { content_hash?: string } }>(
      req.outDir,
      req.dataset,
      previous,
    );
    if (pkg?.kzstat?.content_hash === req.contentHash) return { unchanged: true, previous };
  }
  const versions = (await readdir(dir).catch(() => [] as string[])).sort();
  const version = newVersionId(versions.at(-1) ?? previous);
  const tmp = path.join(dir, `.tmp-${version}-${process.pid}`);
  await mkdir(tmp, { recursive: true });
  try {
    const resources = [];
    for (const t of req.tables) {
      const file = safeJoin(tmp, `${t.spec.name}.parquet`);
      const kv = {
        'kzstat.dataset': req.dataset,
        'kzstat.version': version,
        'kzstat.table': t.spec.name,
        'kzstat.primary_key': JSON.stringify(t.spec.primaryKey),
        'kzstat.schema': JSON.stringify(
          t.spec.columns.map((c) => ({ name: c.name, type: arrowTypeName(c.type), nullable: !c.required })),
        ),
      };
      await req.db.run(
        `COPY (SELECT * FROM read_parquet(${lit(t.file)})) TO ${lit(file)}
         (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880,
          KV_METADATA {${Object.entries(kv)
            .map(([k, v]) => `${lit(k)}: ${lit(v)}`)
            .join(', ')}})`,
      );
      await verifyContract(req.db, file, t.spec);
      fsyncPath(file);
      resources.push({
        name: t.spec.name,
        title: t.spec.title,
        description: t.spec.description,
        path: `${t.spec.name}.parquet`,
        format: 'parquet',
        mediatype: 'application/vnd.apache.parquet',
        bytes: (await stat(file)).size,
        hash: `sha256:${await sha256File(file)}`,
        rows: t.rows,
        schema: {
          fields: t.spec.columns.map((c) => ({
            name: c.name,
            type: frictionlessType[c.type],
            description: c.description,
            ...(c.unit ? { unit: c.unit } : {}),
            ...(c.required ? { constraints: { required: true } } : {}),
          })),
          primaryKey: t.spec.primaryKey,
        },
      });
    }
    failpoint('publish:tables-written');
    const descriptor = {
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
      kzstat: { ...req.provenance, content_hash: req.contentHash, previous_version: previous ?? null },
    };
    // Written last: a version folder without it is, by construction, incomplete.
    await writeJsonAtomic(path.join(tmp, 'datapackage.json'), descriptor);
    fsyncPath(tmp);
    failpoint('publish:datapackage-written');
    const final = safeJoin(dir, version);
    await rename(tmp, final);
    fsyncPath(dir);
    failpoint('publish:renamed');
    await swapLatest(req.outDir, req.dataset, version);
    return { version, path: final, unchanged: false, previous };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The written file must read back with exactly the contract's columns and types. */
async function verifyContract(db: Db, file: string, spec: TableSpec): Promise<void> {
  const cols = await db.all<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM read_parquet(${lit(file)})`,
  );
  const found = cols.map((c) => `${c.column_name}:${arrowTypeOfDuckdb(c.column_type) ?? c.column_type}`);
  const expected = spec.columns.map((c) => `${c.name}:${arrowTypeName(c.type)}`);
  if (found.join(',') !== expected.join(','))
    throw new ContractError(
      `table ${spec.name} does not match its Arrow contract:\n  expected ${expected.join(', ')}\n  written  ${found.join(', ')}`,
    );
}
