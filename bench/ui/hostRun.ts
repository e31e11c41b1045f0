// The entry of a bench run inside the extension host: the runner only sees the workbench's console through a
// filter, so a failure is also written to the results file it reads (TRCAA_BENCH_RESULTS).
import { writeFileSync } from 'node:fs';

export async function runReportingFailure(bench: () => Promise<void>): Promise<void> {
  try {
    await bench();
  } catch (error) {
    if (process.env.TRCAA_BENCH_RESULTS) writeFileSync(process.env.TRCAA_BENCH_RESULTS, JSON.stringify({ error: String((error as Error)?.stack ?? error) }));
    throw error;
  }
}
