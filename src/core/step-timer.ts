/**
 * Milliseconds per named step of a stage, for --verbose and the benchmarks: `lap(step)` charges the time
 * since the previous lap (or the start) to `step`, adding to what that step already had.
 */
export type Lap = (step: string) => void;

export function stepTimer(): { timings: Record<string, number>; lap: Lap } {
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const lap: Lap = (step) => {
    timings[step] = (timings[step] ?? 0) + Date.now() - t0;
    t0 = Date.now();
  };
  return { timings, lap };
}
