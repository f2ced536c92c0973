/**
 * Crash injection for the reliability tests: with KZSTAT_CRASH_AT=<name> the
 * process kills itself with SIGKILL when it reaches that point, as a power cut
 * or the OOM killer would, so the tests can check that nothing published is
 * ever half-written whatever instant a run dies at. Costs one string
 * comparison when unset.
 */
export function failpoint(name: string): void {
  if (process.env.KZSTAT_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
