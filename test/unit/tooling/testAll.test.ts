// `npm test` on a machine without what the UI tests need stops at once, naming the one command to run, instead of
// building, linting and testing for minutes first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

describe('npm test (scripts/test-all.mjs)', function () {
  this.timeout(60_000);

  it('stops at once when Chromium is missing, naming the command that installs it', () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'test-all.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, CHROME_PATH: '/nonexistent/chromium' },
    });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /cannot run the tests: missing Chromium/);
    assert.match(run.stderr, /Run: (sudo bash \.ci\/install-system\.sh|install them)/);
    assert.doesNotMatch(run.stdout, /=== package/, 'no step ran');
    assert.ok(Date.now() - started < 30_000, 'it stopped at once');
  });
});
