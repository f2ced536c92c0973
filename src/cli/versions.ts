import { ExitCode } from '../core/errors.ts';
import { loadPipelines } from '../engine/pipelines.ts';
import { type Datapackage, inputVintages, tableResources } from '../publish/datapackage.ts';
import { provenanceChanges } from '../publish/diff.ts';
import { loadDatapackage, requireVersions } from '../publish/resolve.ts';
import { latestVersion, listVersions } from '../publish/versions.ts';
import type { Io } from './io.ts';

/**
 * `kzstat versions <dataset>`: published versions, newest first, with what
 * tells vintages apart: the inputs (by sha256) and their vintages, the
 * parameters, and what changed since the version before.
 */
export async function versionsCommand(
  dataset: string,
  flags: { out: string; json?: boolean },
  io: Io,
): Promise<number> {
  const declared = (await loadPipelines()).map((p) => p.pipeline.dataset);
  if (declared.includes(dataset) && (await listVersions(flags.out, dataset)).length === 0) {
    if (flags.json) io.out(JSON.stringify({ dataset, versions: [] }, null, 2));
    else io.out(`no published versions of '${dataset}' in ${flags.out}`);
    return ExitCode.ok;
  }
  const versions = await requireVersions(flags.out, dataset);
  const latest = await latestVersion(flags.out, dataset);
  const pkgs: Datapackage[] = [];
  for (const v of versions) pkgs.push(await loadDatapackage(flags.out, dataset, v));
  // versions are newest first, so the one before a version is the next in the list
  const rows = versions.map((v, i) =>
    versionRow(v, v === latest, pkgs[i]!, pkgs[i + 1] && { version: versions[i + 1]!, pkg: pkgs[i + 1]! }),
  );
  if (flags.json) {
    io.out(JSON.stringify({ dataset, versions: rows }, null, 2));
    return ExitCode.ok;
  }
  io.out(rows.flatMap(versionLines).join('\n'));
  return ExitCode.ok;
}

/** What tells one version apart, and what changed since the version before it. */
function versionRow(
  version: string,
  latest: boolean,
  d: Datapackage,
  older: { version: string; pkg: Datapackage } | undefined,
) {
  return {
    version,
    latest,
    created: d.created ?? null,
    run_id: d.kzstat?.run_id ?? null,
    tables: Object.fromEntries(tableResources(d).map((r) => [r.table ?? r.name, r.rows ?? null])),
    schema_versions: Object.fromEntries(
      tableResources(d).map((r) => [r.table ?? r.name, r.schema_version ?? '1.0']),
    ),
    vintages: inputVintages(d),
    parameters: d.kzstat?.parameters ?? {},
    engine: d.kzstat?.engine ?? {},
    inputs: (d.kzstat?.inputs ?? []).map((x) => ({
      path: x.path,
      sha256: x.sha256,
      ...(x.vintage ? { vintage: x.vintage } : {}),
    })),
    since_previous: older ? { version: older.version, ...provenanceChanges(older.pkg, d) } : null,
    warnings: d.kzstat?.warnings?.length ?? 0,
  };
}

function versionLines(r: ReturnType<typeof versionRow>): string[] {
  const lines: string[] = [];
  lines.push(`${r.latest ? '*' : ' '} ${r.version}  created ${r.created ?? '?'}  run ${r.run_id ?? '?'}`);
  lines.push(
    `    tables: ${Object.entries(r.tables)
      .map(([t, n]) => `${t} ${n ?? '?'} rows (schema ${r.schema_versions[t]})`)
      .join(', ')}`,
  );
  const params = Object.entries(r.parameters).map(
    ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  lines.push(
    `    inputs: ${r.inputs.length} files${r.vintages.length ? `, vintages ${r.vintages.join(', ')}` : ''}; parameters: ${params.join(', ') || 'none'}; ${r.warnings} warnings`,
  );
  const s = r.since_previous;
  if (!s) lines.push('    first version');
  else {
    const what = [
      ...s.inputs.map(
        (i) =>
          `${i.change} ${i.path}${i.change === 'changed' ? ` (sha256 ${i.from!.slice(0, 8)} -> ${i.to!.slice(0, 8)})` : ''}`,
      ),
      ...s.parameters.map((p) => `${p.name} ${JSON.stringify(p.from)} -> ${JSON.stringify(p.to)}`),
      ...s.engine.map((e) => `${e.name} ${e.from} -> ${e.to}`),
    ];
    lines.push(
      `    since ${s.version}: ${what.length ? what.join('; ') : 'same inputs and parameters (code changed)'}`,
    );
  }
  return lines;
}
