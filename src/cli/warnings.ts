import type { RunSummary } from '../engine/run-summary.ts';

/**
 * A run's warnings as a person reads them, at a terminal or in cron mail:
 * the new ones first and in full, grouped by kind with a count; the known
 * ones (the previous run of the same inputs gave them too) in one line that
 * counts them by kind and names the run record holding them all. A warning
 * two pipelines give alike is printed once, naming both.
 */
interface Distinct {
  check: string;
  message: string;
  pipelines: string[];
  known: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function distinct(summary: RunSummary): Distinct[] {
  const byText = new Map<string, Distinct>();
  for (const w of summary.warnings) {
    const key = JSON.stringify([w.check, w.message]);
    const d = byText.get(key) ?? { check: w.check, message: w.message, pipelines: [], known: true };
    if (w.pipeline && !d.pipelines.includes(w.pipeline)) d.pipelines.push(w.pipeline);
    // new to any pipeline that gave it is new
    d.known &&= Boolean(w.known);
    byText.set(key, d);
  }
  return [...byText.values()];
}

/** Kinds in the order they first appear (the order of the stages), each with its warnings. */
function byKind(list: Distinct[]): Map<string, Distinct[]> {
  const kinds = new Map<string, Distinct[]>();
  for (const d of list) kinds.set(d.check, [...(kinds.get(d.check) ?? []), d]);
  return kinds;
}

export function warningCounts(summary: RunSummary): { fresh: number; known: number } {
  const all = distinct(summary);
  const known = all.filter((d) => d.known).length;
  return { fresh: all.length - known, known };
}

export function formatWarnings(summary: RunSummary): string[] {
  const all = distinct(summary);
  const fresh = all.filter((d) => !d.known);
  const known = all.filter((d) => d.known);
  const lines: string[] = [];
  if (fresh.length) {
    lines.push(
      known.length
        ? `${plural(fresh.length, 'new warning')} (not in the previous run of these inputs):`
        : `${plural(fresh.length, 'warning')}:`,
    );
    for (const [kind, list] of byKind(fresh)) {
      lines.push(`  ${kind} (${list.length})`);
      for (const d of list)
        lines.push(`    ${d.message}${d.pipelines.length ? `  [${d.pipelines.join(', ')}]` : ''}`);
    }
  }
  if (known.length) {
    const kinds = [...byKind(known)].map(([kind, list]) => `${kind} ${list.length}`).join(', ');
    lines.push(
      `${plural(known.length, 'known warning')} (${kinds})${summary.record ? `, see ${summary.record}` : ''}`,
    );
  }
  return lines;
}
