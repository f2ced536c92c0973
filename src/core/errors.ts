/**
 * Failure classes with their exit codes (docs/cli.md). Every error the user can
 * cause is one of these; anything else is a bug and exits 1.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidInput: 3,
  checkFailed: 4,
  sourceUnreachable: 5,
  locked: 6,
  outputUnwritable: 7,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One thing wrong with an input, located precisely enough to fix it in one pass. */
export interface Problem {
  file: string;
  /** row, cell or field, e.g. `row 14`, `'2008-2023'!E6`, `/0/y122020` */
  where?: string;
  message: string;
}

export class KzError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends KzError {
  constructor(message: string) {
    super(ExitCode.usage, message);
  }
}

/**
 * A mistake in a pipeline's definition (a model reading a name nothing
 * creates, models in a cycle, a table declared without its model, SQL that
 * does not bind): the author's to fix, not a bug of kzstat, so it exits 2 and
 * names the file and the name.
 */
export class PipelineError extends KzError {
  constructor(
    readonly file: string,
    message: string,
    /** the place in the file, e.g. `statement 3 of 7, line 42` */
    where?: string,
  ) {
    super(ExitCode.usage, `pipeline definition error in ${file}${where ? ` (${where})` : ''}: ${message}`, [
      { file, ...(where && { where }), message },
    ]);
  }
}

/**
 * DuckDB's errors that mean the SQL itself is wrong (it does not parse, or
 * names a table, column or function that is not there), as opposed to what
 * the data or the machine did while it ran.
 */
const SQL_DEFINITION_ERROR = /^(Parser|Binder|Catalog) Error: /;
/** Any error DuckDB raises ("Conversion Error: ...", "Invalid Input Error: ..."), and those of the machine among them. */
const DUCKDB_ERROR = /^[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)* Error: /;
const MACHINE_ERROR = /^(Out of Memory|Interrupt|FATAL|INTERNAL) Error: /;

/**
 * Runs the SQL of `file`: an error DuckDB raises while running it is a
 * PipelineError naming the file (a statement that cannot bind, or one that
 * fails on the rows it meets, a CAST that cannot convert: the SQL's to
 * handle); the machine's (memory, a full disk) and any other error pass as
 * they are.
 */
export async function inSqlFile<T>(file: string, run: () => Promise<T>, where?: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const message = (e as Error)?.message ?? '';
    const oneLine = message.split('\n').filter(Boolean).join('; ');
    if (e instanceof KzError || asOutputError(e) || MACHINE_ERROR.test(message)) throw e;
    if (SQL_DEFINITION_ERROR.test(message)) throw new PipelineError(file, oneLine, where);
    if (DUCKDB_ERROR.test(message))
      throw new PipelineError(file, `it failed on the rows it ran on: ${oneLine}`, where);
    throw e;
  }
}

export class InputError extends KzError {
  constructor(message: string, problems: Problem[] = []) {
    super(ExitCode.invalidInput, message, problems);
  }
}

export class CheckFailedError extends KzError {
  constructor(message: string, problems: Problem[] = []) {
    super(ExitCode.checkFailed, message, problems);
  }
}

export class SourceError extends KzError {
  constructor(message: string) {
    super(ExitCode.sourceUnreachable, message);
  }
}

export class LockedError extends KzError {
  constructor(message: string) {
    super(ExitCode.locked, message);
  }
}

export class OutputError extends KzError {
  constructor(message: string) {
    super(ExitCode.outputUnwritable, message);
  }
}

const UNWRITABLE: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'an input/output error',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

/**
 * A failure to write the output (disk full, read-only, permissions) is the
 * machine's, not a bug: it gets its own exit code so cron can tell them apart.
 * Node reports it with an errno code, DuckDB in its message.
 */
export function asOutputError(e: unknown): OutputError | undefined {
  if (e instanceof KzError) return undefined;
  const err = e as NodeJS.ErrnoException;
  const reason = err?.code ? UNWRITABLE[err.code] : undefined;
  if (reason) return new OutputError(`cannot write ${err.path ?? 'the output'}: ${reason}`);
  const m = String(err?.message ?? '').match(
    /(No space left on device|Read-only file system|Permission denied|Disk quota exceeded)/,
  );
  if (m && /IO Error|Could not write|Could not open|Cannot open/i.test(err.message))
    return new OutputError(`cannot write the output: ${m[1]!.toLowerCase()} (${err.message.split('\n')[0]})`);
  return undefined;
}

/** How many problems of one file are listed before the rest are only counted. */
export const PROBLEMS_PER_FILE = 50;

export function formatProblem(p: Problem): string {
  return p.where ? `${p.file} ${p.where}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Turns a problem list into one error that names every problem (up to a limit per file). */
export function inputErrorFrom(
  problems: Problem[],
  summary?: string,
  totals?: Map<string, number>,
): InputError {
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const kept: Problem[] = [];
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    const shown = list.slice(0, PROBLEMS_PER_FILE);
    kept.push(...shown);
    lines.push(...shown.map(formatProblem));
    const total = Math.max(totals?.get(file) ?? 0, list.length);
    if (total > shown.length) lines.push(`${file}: … and ${total - shown.length} more problems`);
  }
  const count = [...byFile.keys()].reduce(
    (n, f) => n + Math.max(totals?.get(f) ?? 0, byFile.get(f)!.length),
    0,
  );
  const head =
    summary ??
    `${count} problem${count === 1 ? '' : 's'} in ${byFile.size} input file${byFile.size === 1 ? '' : 's'}`;
  return new InputError(`${head}\n${lines.map((l) => `  ${l}`).join('\n')}`, kept);
}
