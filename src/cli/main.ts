import { Command, CommanderError, Option } from 'commander';
import { asOutputError, ExitCode, KzError, UsageError } from '../core/errors.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { STAGES } from '../core/pipeline.ts';
import { engineVersion } from '../core/version.ts';
import type { DiffFlags } from './diff.ts';
import type { ExportFlags } from './export.ts';
import { type Io, processIo } from './io.ts';
import type { PanelFlags } from './panel.ts';
import type { PullFlags } from './pull.ts';
import { type RunFlags, runCommand } from './run.ts';

/**
 * The `kzstat` command line (docs/cli.md). Each command's module is loaded when that command runs, so a
 * scheduled `kzstat run` with nothing to do does not load the report, diff, panel and pull code. Results go to stdout (one JSON
 * document with --json), diagnostics to stderr; the exit code says which
 * class of failure happened.
 */

const collect = (v: string, prev: string[] = []) => [...prev, v];

function keyValue(flag: string) {
  return (v: string, prev: Record<string, string> = {}) => {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} ${v}: expected NAME=VALUE`);
    return { ...prev, [v.slice(0, i)]: v.slice(i + 1) };
  };
}

function runOptions(cmd: Command, plan: boolean): Command {
  folderOptions(cmd)
    .addOption(
      new Option('--only <stage>', 'run just this stage (earlier ones must be up to date)').choices(STAGES),
    )
    .addOption(new Option('--from <stage>', 'run this stage and the ones after it').choices(STAGES))
    .option('--force', 'run every stage even if cached')
    .option('--offline', 'use stored raw data only; never touch the network')
    .option(
      '--input <[INDICATOR=]FILE>',
      'add a file (tidy CSV, BNS xlsx, SDG CSV, Taldau response); repeatable',
      collect,
    )
    .option(
      '--param <NAME=VALUE>',
      'a pipeline parameter (PIPELINE.NAME=VALUE to target one pipeline); repeatable',
      keyValue('--param'),
    );
  return diagnosticOptions(cmd, plan ? 'print the plan as JSON' : 'print one JSON summary on stdout');
}

/** Where data comes from and goes: the same for run, plan and pull. */
function folderOptions(cmd: Command): Command {
  return cmd
    .option('--raw <dir>', 'raw data folder', 'data/raw')
    .option('--out <dir>', 'output folder for published datasets', 'data/out')
    .option(
      '--source <NAME=URL>',
      'point a source at another base URL, e.g. taldau=http://127.0.0.1:8080',
      keyValue('--source'),
    )
    .option(
      '--catalog <file>',
      'extra indicators (the format of catalog/indicators.csv) or units (the format of catalog/units.csv); repeatable',
      collect,
    );
}

/** What a command prints and how it logs. */
function diagnosticOptions(cmd: Command, json: string): Command {
  return cmd
    .option('--json', json)
    .addOption(
      new Option('--log-format <format>', 'diagnostics on stderr as text or JSON lines')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--verbose', 'more diagnostics');
}

/** What the command being run leaves behind: its exit code, and the logger it chose (for errors after it). */
interface Session {
  io: Io;
  exitCode: number;
  log: Logger;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const session: Session = {
    io,
    exitCode: ExitCode.ok,
    log: createLogger({ format: 'text', write: io.err }),
  };
  const program = new Command('kzstat')
    .description('Versioned datasets of regional economic indices from the official statistics of Kazakhstan')
    .version(engineVersion)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  addRunCommands(program, session);
  addPullCommand(program, session);
  addDatasetCommands(program, session);
  addPanelCommand(program, session);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return session.exitCode;
  } catch (e) {
    return exitCodeOf(e, session.log);
  }
}

/** run, plan and list: the pipelines. */
function addRunCommands(program: Command, session: Session): void {
  const setup = (flags: RunFlags) => {
    session.log = createLogger({ format: flags.logFormat, verbose: flags.verbose, write: session.io.err });
    return session.log;
  };
  runOptions(
    program.command('run').argument('[pipeline...]', 'pipelines to run (all when none named)'),
    false,
  )
    .description('run pipelines: extract, normalise, compute, check, publish')
    .action(async (names: string[], flags: RunFlags) => {
      session.exitCode = await runCommand(names, flags, setup(flags), session.io, false);
    });
  runOptions(program.command('plan').argument('[pipeline...]'), true)
    .description('dry run: which stages would run and why, or be cached')
    .action(async (names: string[], flags: RunFlags) => {
      session.exitCode = await runCommand(names, flags, setup(flags), session.io, true);
    });
  program
    .command('list')
    .description('pipelines, their stages and the datasets they publish')
    .option('--json', 'as JSON')
    .action(async (flags: { json?: boolean }) => {
      session.exitCode = await (await import('./list.ts')).listCommand(flags, session.io);
    });
}

function addPullCommand(program: Command, session: Session): void {
  const pull = program
    .command('pull')
    .argument('<source>', 'the source to pull from: taldau')
    .description('pull one Taldau index (all regions) into the raw layer and the observations')
    .requiredOption('--index <id>', 'the Taldau index id (p_index_id), e.g. 2709379')
    .requiredOption('--as <indicator>', 'the catalogue indicator it provides, e.g. grp')
    .addOption(
      new Option('--period <type>', 'period type to pull')
        .choices(['year', 'quarter', 'month'])
        .default('year'),
    )
    .option(
      '--measure <id>',
      'Taldau measure id (p_measure_id); default: the one known for the index, else 1',
    )
    .option('--force', 'fetch again what is already stored')
    .option('--offline', 'use stored answers only; never touch the network')
    .option('--concurrency <n>', 'requests in flight at once (default 4)')
    .option('--timeout <ms>', 'per request, until the last byte (default 30000)')
    .option('--retries <n>', 'retries of a request that fails (default 4)')
    .option('--backoff <ms>', 'first retry delay, doubling with jitter (default 500)');
  diagnosticOptions(folderOptions(pull), 'print one JSON summary on stdout').action(
    async (source: string, flags: PullFlags) => {
      session.log = createLogger({ format: flags.logFormat, verbose: flags.verbose, write: session.io.err });
      session.exitCode = await (await import('./pull.ts')).pullCommand(
        source,
        flags,
        session.log,
        session.io,
      );
    },
  );
}

/** versions, diff and report: what has been published. */
function addDatasetCommands(program: Command, session: Session): void {
  program
    .command('versions')
    .argument('<dataset>')
    .description('published versions of a dataset, newest first')
    .option('--out <dir>', 'output folder', 'data/out')
    .option('--json', 'as JSON')
    .action(async (dataset: string, flags: { out: string; json?: boolean }) => {
      session.exitCode = await (await import('./versions.ts')).versionsCommand(dataset, flags, session.io);
    });
  program
    .command('diff')
    .argument('<dataset>')
    .argument('<from>', "a version id (or a unique prefix), 'latest' or 'previous'")
    .argument('<to>', "a version id (or a unique prefix), 'latest' or 'previous'")
    .description('rows added, removed and changed between two versions, by primary key')
    .option('--table <name>', 'one table of the dataset (all tables when not given)')
    .option('--out <dir>', 'output folder', 'data/out')
    .option('--json', 'as JSON (every row)')
    .option('--csv', 'as CSV, one line per differing value (every row)')
    .option('--limit <n>', 'rows listed per kind of change on a terminal', '50')
    .action(async (dataset: string, from: string, to: string, flags: DiffFlags) => {
      session.exitCode = await (await import('./diff.ts')).diffCommand(dataset, from, to, flags, session.io);
    });
  program
    .command('export')
    .argument('<dataset>')
    .argument('<table>')
    .argument('[version]', "a version id (or a unique prefix), 'latest' or 'previous'", 'latest')
    .description('one table of a version as one file (Parquet or CSV), sorted by its key')
    .requiredOption('--to <file>', 'the file to write (.parquet or .csv)')
    .option('--format <f>', 'parquet or csv (default: by the extension of --to)')
    .option('--out <dir>', 'output folder', 'data/out')
    .action(async (dataset: string, table: string, version: string, flags: ExportFlags) => {
      session.exitCode = await (await import('./export.ts')).exportCommand(
        dataset,
        table,
        version,
        flags,
        session.io,
      );
    });
  program
    .command('report')
    .description('write <out>/report/index.html, a static page of the latest versions, and print its path')
    .option('--out <dir>', 'output folder', 'data/out')
    .action(async (flags: { out: string }) => {
      session.exitCode = await (await import('./report.ts')).reportCommand(flags, session.io);
    });
}

function addPanelCommand(program: Command, session: Session): void {
  program
    .command('panel')
    .description(
      'fixed-effects (within) regression on a CSV panel: coefficients, standard errors, t, N, within R²',
    )
    .option('--input <file>', 'the panel as CSV, one row per entity and period')
    .option('--entity <column>', 'the column naming the entity (its means are absorbed)')
    .option('--time <column>', 'the column naming the period')
    .option('--y <column>', 'the dependent variable')
    .option('--x <columns>', 'the regressors, comma-separated')
    .option('--time-effects', 'add a dummy per period (the first left out), as xtreg y x i.year, fe')
    .option('--json', 'print the result as JSON')
    .action(async (flags: PanelFlags) => {
      session.exitCode = await (await import('./panel.ts')).panelCommand(flags, session.io);
    });
}

/** The exit code of what a command threw: a usage error, a known failure class, or a bug. */
function exitCodeOf(e: unknown, log: Logger): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return ExitCode.ok;
    return ExitCode.usage;
  }
  const known = e instanceof KzError ? e : asOutputError(e);
  if (known) {
    log.error(known.message);
    return known.exitCode;
  }
  log.error(`internal error (a bug; please report it): ${(e as Error).stack ?? String(e)}`);
  return ExitCode.internal;
}
