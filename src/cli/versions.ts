import { ExitCode, UsageError } from '../engine/errors.ts';
import { latestVersion, listVersions, readDatapackage } from '../publish/versions.ts';
import type { Io } from './main.ts';

interface Descriptor {
  created?: string;
  resources?: { name: string; rows?: number; bytes?: number }[];
  kzstat?: { run_id?: string; content_hash?: string };
}

/** `kzstat versions <dataset>`: published versions, newest first. */
export async function versionsCommand(
  dataset: string,
  flags: { out: string; json?: boolean },
  io: Io,
): Promise<number> {
  let versions: string[];
  try {
    versions = await listVersions(flags.out, dataset);
  } catch (e) {
    throw new UsageError(`dataset '${dataset}': ${(e as Error).message}`);
  }
  const latest = await latestVersion(flags.out, dataset);
  const rows = [];
  for (const v of versions) {
    const d = await readDatapackage<Descriptor>(flags.out, dataset, v);
    rows.push({
      version: v,
      latest: v === latest,
      created: d?.created ?? null,
      tables: Object.fromEntries((d?.resources ?? []).map((r) => [r.name, r.rows ?? null])),
      run_id: d?.kzstat?.run_id ?? null,
    });
  }
  if (flags.json) io.out(JSON.stringify({ dataset, versions: rows }, null, 2));
  else if (rows.length === 0) io.out(`no published versions of '${dataset}' in ${flags.out}`);
  else
    io.out(
      rows
        .map(
          (r) =>
            `${r.latest ? '*' : ' '} ${r.version}  ${Object.entries(r.tables)
              .map(([t, n]) => `${t}: ${n} rows`)
              .join(', ')}`,
        )
        .join('\n'),
    );
  return ExitCode.ok;
}
