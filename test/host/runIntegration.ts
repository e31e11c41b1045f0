// Runs the integration suites (out/test/integration/index.js) inside a real VS Code extension host and prints
// their summary in mocha's words, so `npm test` counts this layer like the others. Hung runs stop after
// TRCAA_TEST_TIMEOUT_MS.
import path from 'node:path';
import { writeSampleWorkspace } from '../../src/core/demo/writeSampleWorkspace';
import type { IntegrationSummary } from '../integration/index';
import { runInExtensionHost } from './extensionHost';
import { repoRoot } from './paths';

const timeoutMs = Number(process.env.TRCAA_TEST_TIMEOUT_MS ?? 15 * 60_000);

async function main(): Promise<number> {
  const { code, results: summary } = await runInExtensionHost<IntegrationSummary>({
    module: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    prepareWorkspace: writeSampleWorkspace,
    resultsVariable: 'TRCAA_TEST_RESULTS',
    timeoutMs,
    onStart: (server, workspace) => console.log(`[integration] VS Code for the Web on ${server.origin}, workspace ${workspace}`),
  });
  if (code === 124) console.error(`[integration] no result after ${timeoutMs} ms: giving up`);
  if (!summary) {
    console.error('[integration] the extension host wrote no results: the tests did not run to the end');
    return code === 0 ? 1 : code;
  }
  for (const failure of summary.failures) console.error(`[integration] FAILED ${failure.title}\n${failure.error}`);
  // The summary in mocha's own words, so the aggregate counter reads every layer the same way.
  console.log(`\n  ${summary.passed} passing`);
  if (summary.pending) console.log(`  ${summary.pending} pending`);
  if (summary.failed) console.log(`  ${summary.failed} failing`);
  return summary.failed > 0 && code === 0 ? 1 : code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[integration] the test host failed:', error);
    process.exit(1);
  },
);
