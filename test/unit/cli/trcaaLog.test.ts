// trcaa-log as a user runs it: `node dist/trcaa-log.js patterns <file> [--assign]` (built by npm run build).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';
import { generateMessages, groupingAccuracy, HEADERS, TEMPLATES } from '../core/logs/generatedLogs';
import { useTempDir } from '../storage/testFiles';

const cli = path.join(repoRoot, 'dist', 'trcaa-log.js');

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = <T>(stdout: string): T[] => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);

describe('trcaa-log CLI', () => {
  const dir = useTempDir('trcaa-log-cli-');

  /** A syslog-style log with CRLF line ends, a blank line and no final line break. */
  function sampleLog() {
    const messages = generateMessages(3000, 21);
    const lines = messages.map((m, i) => HEADERS.syslog!(Date.UTC(2026, 4, 1, 8, 0, 0) + i * 1000, 'info', m.message));
    lines.splice(100, 0, '');
    const templates = messages.map((m) => m.template);
    templates.splice(100, 0, -1);
    const file = path.join(dir(), 'sys.log');
    writeFileSync(file, lines.join('\r\n'));
    return { file, templates };
  }

  it('--assign prints one {"line","pattern"} per input line, 1-based, in order, grouping lines by their template', () => {
    const { file, templates } = sampleLog();
    const result = run(['patterns', file, '--assign']);
    assert.equal(result.code, 0, result.stderr);
    const rows = jsonLines<{ line: number; pattern: string }>(result.stdout);
    assert.equal(rows.length, templates.length);
    rows.forEach((row, i) => assert.equal(row.line, i + 1));
    assert.equal(groupingAccuracy(templates, rows.map((r) => r.pattern)), 1);
  });

  it('prints one JSON line per pattern (id, template, count, first/last line), most frequent first, agreeing with --assign', () => {
    const { file } = sampleLog();
    const result = run(['patterns', file]);
    assert.equal(result.code, 0, result.stderr);
    const patterns = jsonLines<{ id: string; template: string; count: number; first: number; last: number }>(result.stdout);
    assert.equal(patterns.length, TEMPLATES.length + 1, 'each template, and the blank line');
    assert.ok(patterns.every((p, i) => i === 0 || patterns[i - 1]!.count >= p.count));
    const assigned = jsonLines<{ line: number; pattern: string }>(run(['patterns', file, '--assign']).stdout);
    for (const p of patterns) {
      const lines = assigned.filter((a) => a.pattern === p.id).map((a) => a.line);
      assert.equal(lines.length, p.count, p.template);
      assert.equal(lines[0], p.first);
      assert.equal(lines[lines.length - 1], p.last);
    }
    assert.ok(patterns.some((p) => p.template === 'Accepted connection from <*> port <*>'));
  });

  it('reads standard input for the pattern list, and --format says which format it detected', () => {
    const text = generateMessages(200, 2).map((m, i) => HEADERS.log4j!(Date.UTC(2026, 0, 1) + i, 'info', m.message)).join('\n');
    const result = run(['patterns', '-', '--format'], text);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /format log4j/);
    assert.ok(jsonLines(result.stdout).length > 5);
  });

  it('a reader that goes away (| head) is no error: exit 0, nothing on stderr', () => {
    const file = path.join(dir(), 'many.log');
    writeFileSync(file, generateMessages(200_000, 5).map((m) => m.message).join('\n'));
    for (const args of [`patterns ${file} --assign`]) {
      const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" ${args} | head -n 1`], { encoding: 'utf8' });
      assert.equal(result.stderr, '', args);
      assert.equal(result.status, 0, args);
      assert.equal(result.stdout.split('\n').filter(Boolean).length, 1, args);
    }
  });

  it('explains bad usage (exit 2) and an unreadable file (exit 1)', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['mine', 'x']).code, 2);
    const stdin = run(['patterns', '-', '--assign'], 'a\n');
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /--assign reads the file twice/);
    const missing = run(['patterns', path.join(dir(), 'nope.log')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.log: no such file/);
  });
});
