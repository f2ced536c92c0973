import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../core/errors.ts';
import { fromRoot } from '../core/paths.ts';
import type { CheckSpec } from '../core/pipeline.ts';

/**
 * The SQL checks of a folder (a pipeline's `checks/`, or the normalisation's own): every `*.sql` in it,
 * in file-name order, so adding a check never means listing it anywhere. A check returns one row per
 * violation with a `message` column; its header comment (the comment lines it begins with) says what
 * a violation does with exactly one line of the form
 *
 *   -- severity: error      a violation stops the publish (exit 4)
 *   -- severity: warn       a violation goes into the run report and the dataset's warnings
 *
 * In the file itself rather than in a list beside it, so the check and how much it matters are read
 * (and reviewed) together. A file without such a line is a pipeline definition error naming it.
 */
export const SEVERITIES = ['error', 'warn'] as const;

const SEVERITY_LINE = /^--\s*severity\s*:(.*)$/i;

/** The leading comment lines of a SQL file, up to its first line of SQL. */
function header(sql: string): string[] {
  const lines: string[] = [];
  for (const line of sql.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('--')) break;
    lines.push(t);
  }
  return lines;
}

/** The severity a check's header declares; `file` (project-relative) names it in the error. */
export function checkSeverity(file: string, sql: string): CheckSpec['severity'] {
  const expected = `its header comment must have exactly one line '-- severity: error' (a violation stops the publish) or '-- severity: warn' (a violation is reported)`;
  const declared = header(sql)
    .map((l) => SEVERITY_LINE.exec(l)?.[1]?.trim())
    .filter((v): v is string => v !== undefined);
  if (declared.length === 0) throw new PipelineError(file, `it declares no severity: ${expected}`);
  if (declared.length > 1)
    throw new PipelineError(file, `it declares a severity ${declared.length} times: ${expected}`);
  const severity = declared[0]!;
  if (!(SEVERITIES as readonly string[]).includes(severity))
    throw new PipelineError(file, `it declares the severity '${severity}': ${expected}`);
  return severity as CheckSpec['severity'];
}

/** The checks of a project-relative folder, in file-name order; none when the folder is not there. */
export function findChecks(folder: string): CheckSpec[] {
  const dir = fromRoot(folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = path.posix.join(folder, f);
      return { sql, severity: checkSeverity(sql, readFileSync(path.join(dir, f), 'utf8')) };
    });
}

/** The checks of the pipeline whose definition is `pipelineFile` (project-relative): its folder's `checks/`. */
export function pipelineChecks(pipelineFile: string): CheckSpec[] {
  return findChecks(path.posix.join(path.posix.dirname(pipelineFile), 'checks'));
}
