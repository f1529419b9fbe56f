/** Shared figures for every benchmark: exact percentiles from recorded samples. */
export interface Figures {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function figures(latenciesMs: number[], errors: number, seconds: number): Figures {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    requests: latenciesMs.length,
    errors,
    seconds,
    throughput: latenciesMs.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Runs `task` from `concurrency` closed loops for `durationMs`, timing each call. */
export async function closedLoop(concurrency: number, durationMs: number, task: (i: number) => Promise<boolean>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(i).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  return figures(latencies, errors, (performance.now() - started) / 1000);
}

export function row(label: string, f: Figures): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  return `${label.padEnd(44)} ${f.throughput.toFixed(0).padStart(7)} req/s ${ms(f.p50)} ${ms(f.p95)} ${ms(f.p99)} ${String(f.errors).padStart(6)}`;
}

export const HEADER = `${'what'.padEnd(44)} ${'throughput'.padStart(13)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'errors'.padStart(6)}`;
