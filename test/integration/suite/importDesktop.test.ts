import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { treeRow } from './issueTree';
import type { DesktopImportReport } from '../../../src/storage/import/desktopImport';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function trcaaDb(args: string[], env: Record<string, string> = {}) {
  const cli = path.join(vscode.extensions.getExtension('trcaa.trcaa')?.extensionPath ?? '', 'dist', 'trcaa-db.js');
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(result.status, 0, result.stderr);
  return result;
}

const inserted = (report: DesktopImportReport, table: string) => report.tables.find((t) => t.table === table)?.inserted;

describe('TRCAA: Import Desktop TRCAA Database…', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-import-it-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a desktop database (16384-byte cipher pages) given its file and passphrase, once', async () => {
    const desktop = path.join(dir, 'tftsr.db');
    const env = { DESKTOP_PASS: 'the desktop TRCAA_DB_KEY' };
    trcaaDb(['create', desktop, '--passphrase-env', 'DESKTOP_PASS', '--cipher-page-size', '16384'], env);
    const issue = randomUUID();
    const log = randomUUID();
    trcaaDb([
      'exec', desktop,
      `INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES ('${issue}', 'Imported from the desktop app', 'high', 'open', '2026-05-30 10:00:00', '2026-05-30 10:00:00');
       INSERT INTO log_files(id, issue_id, file_name, file_path, uploaded_at, redacted) VALUES ('${log}', '${issue}', 'app.log', '/tmp/app.log', '2026-05-30 10:01:00', 1);
       INSERT INTO resolution_steps(id, issue_id, step_order, why_question, created_at) VALUES ('${randomUUID()}', '${issue}', 1, 'Why?', '2026-05-30 10:02:00'), ('${randomUUID()}', '${issue}', 2, 'Why again?', '2026-05-30 10:03:00');`,
      '--passphrase-env', 'DESKTOP_PASS',
    ], env);
    const before = sha256(desktop);
    const listing = readdirSync(dir); // trcaa-db leaves its (empty) lock folder; the import adds nothing

    const report = await vscode.commands.executeCommand<DesktopImportReport>('trcaa.importDesktopDatabase', { file: desktop, passphrase: env.DESKTOP_PASS });
    assert.equal(report.cipherPageSize, 16384);
    assert.deepEqual([inserted(report, 'issues'), inserted(report, 'log_files'), inserted(report, 'resolution_steps')], [1, 1, 2]);

    const again = await vscode.commands.executeCommand<DesktopImportReport>('trcaa.importDesktopDatabase', { file: desktop, passphrase: env.DESKTOP_PASS });
    assert.equal(again.totals.inserted, 0);
    assert.equal(again.tables.find((t) => t.table === 'issues')?.skipped, 1, 'the issue is in our database now');
    assert.equal(sha256(desktop), before, 'the desktop file is byte-identical');
    assert.deepEqual(readdirSync(dir), listing, 'nothing was created next to it');

    // The desktop marked the log redacted, but TRCAA never scanned it: the tree does not call it approved.
    const leaf = await treeRow(issue, (id) => id.endsWith(`:${log}`), 'the imported log');
    assert.equal(leaf.icon, 'warning');
    assert.match(leaf.description ?? '', /not scanned/);
    assert.doesNotMatch(leaf.description ?? '', /approved/);
  });

  it('reports a wrong passphrase as a problem with the desktop file, not with ours', async () => {
    const desktop = path.join(dir, 'other.db');
    trcaaDb(['create', desktop, '--passphrase-env', 'P'], { P: 'right passphrase' });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('trcaa.importDesktopDatabase', { file: desktop, passphrase: 'wrong passphrase' })),
      (error: Error & { code?: string }) => /passphrase does not open/.test(error.message) && error.code === 'IMPORT_WRONG_KEY',
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('trcaa.importDesktopDatabase', { file: desktop, bogus: 1 })), /Unrecognized key/i);
  });
});
