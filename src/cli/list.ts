import { ExitCode } from '../core/errors.ts';
import { parameterDocs, shownValue } from '../core/parameters.ts';
import { STAGES } from '../core/pipeline.ts';
import { loadPipelines } from '../engine/pipelines.ts';
import { pipelineChecks } from '../models/checks.ts';
import type { Io } from './io.ts';

/** `kzstat list`: what each pipeline needs, computes and publishes. */
export async function listCommand(flags: { json?: boolean }, io: Io): Promise<number> {
  const pipelines = (await loadPipelines()).map(({ pipeline: p, file }) => ({
    name: p.name,
    title: p.title,
    file,
    dataset: p.dataset,
    stages: [...STAGES],
    indicators: p.indicators,
    tables: p.tables.map((t) => ({ name: t.name, key: t.primaryKey, columns: t.columns.map((c) => c.name) })),
    checks: pipelineChecks(file).map((c) => ({ sql: c.sql, severity: c.severity })),
    parameters: parameterDocs(p.params),
  }));
  if (flags.json) {
    io.out(JSON.stringify({ pipelines }, null, 2));
    return ExitCode.ok;
  }
  const lines: string[] = [];
  for (const p of pipelines) {
    lines.push(`${p.name}: ${p.title}`);
    lines.push(`  stages:     ${p.stages.join(' -> ')}`);
    lines.push(`  publishes:  ${p.dataset} (${p.tables.map((t) => t.name).join(', ')})`);
    lines.push(
      `  needs:      ${p.indicators === 'all' ? 'every source of the raw folder' : `${p.indicators.required.join(', ') || '-'}${p.indicators.optional.length ? `; optional ${p.indicators.optional.join(', ')}` : ''}`}`,
    );
    lines.push(
      `  parameters: ${p.parameters.map((d) => ('default' in d ? `${d.name}=${shownValue(d.default)}` : d.name)).join(', ') || '-'}`,
    );
  }
  lines.push(
    '',
    'What each parameter does and the values it takes: kzstat list --json, or docs/parameters.md.',
  );
  io.out(lines.join('\n'));
  return ExitCode.ok;
}
