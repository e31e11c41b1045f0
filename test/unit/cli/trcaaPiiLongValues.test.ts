// trcaa-pii on the values that outgrow a scan window, as the issue reported them: a custom pattern over a 3.2 MB
// base64 line, and overlapping custom patterns that once exposed part of what the built-in rules hide.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

const cli = path.join(repoRoot, 'dist', 'trcaa-pii.js');

function redact(input: string, args: string[]): string {
  const result = spawnSync(process.execPath, [cli, 'redact', '-', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('trcaa-pii redact: long values and overlapping patterns', () => {
  it('a 3.2 MB base64 line matched by a custom pattern leaves none of it visible', function () {
    this.timeout(60_000);
    const blob = randomBytes(2_400_000).toString('base64');
    const out = redact(`before\n{"file":"blob=${blob}"}\nafter\n`, ['--pattern', 'blob=[A-Za-z0-9+/]{100,}']);
    assert.equal(out, 'before\n{"file":"blob=[blob]"}\nafter\n');
  });

  it('patterns overlapping a password, a card and an e-mail hide all three whole', () => {
    const out = redact('password=Tr0ub4dor&3 4111111111111111 bob@example.com\n', ['--pattern', 'pw=Tr0ub', '--pattern', 'cc=4111', '--pattern', 'u=bob']);
    assert.equal(out, 'password=[pw] [cc] [u]\n');
  });
});
