import path from 'node:path';
import { safeJoin } from '../core/paths.ts';

/**
 * The output folder's layout, in one place. Published versions live at
 * `<out>/<dataset>/<version>/` (src/publish/versions.ts); the engine's own
 * files, which a run can always make again, under `<out>/.kzstat/`:
 *
 *     lock                          one run at a time
 *     state/<pipeline>.json         what each stage last produced (state.ts)
 *     normalised/<key>/             each input's normalised rows, shared by the
 *                                   pipelines (src/normalise/input-cache.ts)
 *     cache/<pipeline>/<stage>/<fp> a stage's output folder
 *     tmp/                          DuckDB's spill folder
 *     hash-cache.json               input hashes by file stat
 *     runs/<run_id>.json            one record per run (run-record.ts)
 *
 * Paths the state stores are relative to `.kzstat/`, so an output folder can
 * be moved or copied whole and its cache still holds.
 */
export class Workspace {
  /** `<out>/.kzstat` */
  readonly root: string;

  /** The output folder, absolute: every path the workspace hands out is in this one form. */
  readonly outDir: string;

  constructor(outDir: string) {
    // Resolved once, here, so paths built from the root and paths read back from the state compare equal
    // whether the folder was given relative, absolute or through '..' (pruning compares them).
    this.outDir = path.resolve(outDir);
    this.root = path.join(this.outDir, '.kzstat');
  }

  get lockFile(): string {
    return path.join(this.root, 'lock');
  }

  get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }

  get hashCacheFile(): string {
    return path.join(this.root, 'hash-cache.json');
  }

  get runsDir(): string {
    return path.join(this.root, 'runs');
  }

  runFile(runId: string): string {
    return path.join(this.runsDir, `${runId}.json`);
  }

  get stateDir(): string {
    return path.join(this.root, 'state');
  }

  stateFile(pipeline: string): string {
    return safeJoin(this.stateDir, `${pipeline}.json`);
  }

  /** The normalised rows of each input, kept between runs and shared by the pipelines of the folder. */
  get normalisedDir(): string {
    return path.join(this.root, 'normalised');
  }

  /** The cache of one pipeline, its stages' output folders inside. */
  cacheDir(pipeline: string): string {
    return safeJoin(path.join(this.root, 'cache'), pipeline);
  }

  /** A stage's output folder, relative to the workspace (as the state records it). */
  stageDir(pipeline: string, stage: string, fingerprint: string): string {
    return path.relative(this.root, path.join(this.cacheDir(pipeline), stage, fingerprint.slice(0, 16)));
  }

  /** A path the state recorded (relative to `.kzstat/`), made absolute. */
  resolve(relative: string): string {
    return path.join(this.root, relative);
  }
}
