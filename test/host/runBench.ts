// Runs a bench module (exporting run(): Promise<void>) inside a real VS Code extension host (extensionHost.ts) and
// returns the figures it wrote to TRCAA_BENCH_RESULTS. Used by bench/ui/main.ts (npm run bench:ui).
import { mkdir } from 'node:fs/promises';
import { runInExtensionHost as runModule } from './extensionHost';

export async function runInExtensionHost<T>(benchModule: string, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const { code, results } = await runModule<T | { error: string }>({
    module: benchModule,
    prepareWorkspace: (folder) => mkdir(folder, { recursive: true }),
    resultsVariable: 'TRCAA_BENCH_RESULTS',
    timeoutMs,
    // Only the bench's own lines: the workbench logs plenty (e.g. the unreachable marketplace) that says nothing
    // about the figures. A failing bench still shows, as its error in the results file.
    relay: (type, text) => {
      if (text.includes('[bench:ui]') || process.env.TRCAA_TEST_VERBOSE) (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    },
  });
  if (code === 124) throw new Error(`the bench in the extension host gave no result after ${timeoutMs} ms`);
  if (!results) throw new Error(`the bench in the extension host wrote no results (exit code ${code})`);
  if (typeof results === 'object' && results !== null && 'error' in results) throw new Error(`the bench in the extension host failed: ${results.error}`);
  return results as T;
}
