// The tests module VS Code loads in its extension host (code-server here, @vscode/test-electron elsewhere):
// it exports run(), which runs every suite under ./suite with mocha and rejects when any test fails.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export interface IntegrationSummary {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.TRCAA_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of readdirSync(suiteDir).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  return new Promise((resolve, reject) => {
    const summary: IntegrationSummary = { passed: 0, failed: 0, pending: 0, failures: [] };
    const runner = mocha.run((failures) => {
      // The test host reads this file for its summary line: the extension host's console is not a reliable pipe.
      const resultsFile = process.env.TRCAA_TEST_RESULTS;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => summary.passed++);
    runner.on('pending', () => summary.pending++);
    runner.on('fail', (test, error: Error) => {
      summary.failed++;
      summary.failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
    });
  });
}
