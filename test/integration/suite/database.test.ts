import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostics } from '../../../src/core/diagnostics';
import type { TestApi } from '../../../src/extension';
import type { CheckReport } from '../../../src/storage/engine/protocol';
import type { UiPort } from '../../../src/views/workbench/ui';
import { issuesView } from './testApi';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const hasSqlcipher = spawnSync('sqlcipher', ['-version'], { encoding: 'utf8' }).status === 0;

/** The real sqlcipher CLI reading our file: proves the format, not just our own reader. */
function sqlcipher(file: string, key: string, sql: string) {
  return spawnSync('sqlcipher', [file], { input: `PRAGMA key = "${key}";\n${sql}\n`, encoding: 'utf8' });
}

function trcaaDb(args: string[], env: Record<string, string> = {}) {
  const cli = path.join(vscode.extensions.getExtension('trcaa.trcaa')?.extensionPath ?? '', 'dist', 'trcaa-db.js');
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('the encrypted database inside VS Code', function () {
  this.timeout(120_000);
  let databaseFile: string;

  before(async () => {
    databaseFile = (await vscode.commands.executeCommand<Diagnostics>('trcaa.showDiagnostics')).databaseFile;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('trcaa').update('database.path', undefined, vscode.ConfigurationTarget.Global);
  });

  it('creates an encrypted database on first use in Test mode, keyed from secret storage', async () => {
    const report = await vscode.commands.executeCommand<CheckReport>('trcaa.checkDatabase');
    assert.deepEqual(report.integrity, ['ok']);
    assert.deepEqual(report.badPages, []);
    assert.ok(existsSync(databaseFile));
    // Show Diagnostics says so, with the cipher's page size.
    assert.deepEqual((await vscode.commands.executeCommand<Diagnostics>('trcaa.showDiagnostics')).database, { encrypted: true, opened: true, pageSize: 4096 });
    assert.ok(!readFileSync(databaseFile).includes('SQLite format 3'), 'the file is not plain SQLite');
    const key = await vscode.commands.executeCommand<string>('trcaa.showRecoveryKey');
    assert.match(key, /^x'[0-9a-f]{64}'$/);
    if (hasSqlcipher) {
      const cli = sqlcipher(databaseFile, key, "PRAGMA cipher_integrity_check;\nSELECT 'rows:' || count(*) FROM _migrations;");
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stdout, /rows:\d+/);
    }
  });

  it('changes the key: every page re-encrypted, the old key no longer opens the file', async () => {
    const oldKey = await vscode.commands.executeCommand<string>('trcaa.showRecoveryKey');
    const before = sha256(databaseFile);
    assert.equal(await vscode.commands.executeCommand('trcaa.changeDatabaseKey', { kind: 'random' }), true);
    const newKey = await vscode.commands.executeCommand<string>('trcaa.showRecoveryKey');
    assert.notEqual(newKey, oldKey);
    assert.notEqual(sha256(databaseFile), before);
    assert.deepEqual((await vscode.commands.executeCommand<CheckReport>('trcaa.checkDatabase')).integrity, ['ok']);
    const withOld = trcaaDb(['check', databaseFile, '--key', oldKey]);
    assert.notEqual(withOld.status, 0);
    assert.match(withOld.stderr, /WRONG_KEY/);
    assert.equal(trcaaDb(['check', databaseFile, '--key', newKey]).status, 0);
    const audited = trcaaDb(['exec', databaseFile, "SELECT action FROM audit_log WHERE action IN ('database.rekeyed', 'database.recovery_key_shown') ORDER BY rowid", '--key', newKey]);
    const actions = audited.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
    assert.ok(actions.includes('database.rekeyed'), `the key change is audited: ${actions.join(', ')}`);
    assert.ok(actions.includes('database.recovery_key_shown'), 'showing the recovery key is audited');
  });

  it('never replaces a database it cannot open: the user unlocks it with its passphrase', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-unlock-'));
    const foreign = path.join(dir, 'desktop.db');
    const created = trcaaDb(['create', foreign, '--passphrase-env', 'FOREIGN_PASS'], { FOREIGN_PASS: 'the desktop passphrase' });
    assert.equal(created.status, 0, created.stderr);
    const before = sha256(foreign);

    await vscode.commands.executeCommand('trcaa.chooseDatabaseFile', foreign);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('trcaa.checkDatabase')), /key does not open/);
    assert.equal(sha256(foreign), before, 'the unreadable file is byte-identical');
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('desktop.db') && !name.endsWith('-lock')), ['desktop.db'], 'no journal or copy was made');

    await vscode.commands.executeCommand('trcaa.unlockDatabase', 'the desktop passphrase');
    assert.deepEqual((await vscode.commands.executeCommand<CheckReport>('trcaa.checkDatabase')).integrity, ['ok']);
    assert.equal(await vscode.commands.executeCommand('trcaa.showRecoveryKey'), 'the desktop passphrase');
  });

  it('encrypts a plain database met in Test mode, keeping the plain original as a backup', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-plain-'));
    const plain = path.join(dir, 'dev.db');
    assert.equal(trcaaDb(['exec', plain, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('plain secret note')", '--plain']).status, 1, 'exec needs an existing file');
    assert.equal(trcaaDb(['create', plain, '--plain']).status, 0);
    assert.equal(trcaaDb(['exec', plain, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('plain secret note')", '--plain']).status, 0);
    const original = readFileSync(plain);

    await vscode.commands.executeCommand('trcaa.chooseDatabaseFile', plain);
    assert.deepEqual((await vscode.commands.executeCommand<CheckReport>('trcaa.checkDatabase')).integrity, ['ok']);
    assert.ok(!readFileSync(plain).includes('plain secret note'), 'the database file is encrypted now');
    const backups = readdirSync(dir).filter((name) => name.startsWith('dev.db.plain-backup-'));
    assert.equal(backups.length, 1);
    assert.ok(readFileSync(path.join(dir, backups[0] as string)).equals(original), 'the backup is the untouched original');
    // Encrypted under the key the session holds (after the unlock above, a passphrase).
    const key = await vscode.commands.executeCommand<string>('trcaa.showRecoveryKey');
    const keyArgs = key.startsWith("x'") ? ['--key', key] : ['--passphrase-env', 'RECOVERY'];
    const rows = trcaaDb(['exec', plain, 'SELECT body FROM notes', ...keyArgs], { RECOVERY: key });
    assert.equal(rows.stdout.trim(), JSON.stringify({ body: 'plain secret note' }));
    const audited = trcaaDb(['exec', plain, "SELECT count(*) AS n FROM audit_log WHERE action = 'database.encrypted'", ...keyArgs], { RECOVERY: key });
    assert.equal(audited.stdout.trim(), JSON.stringify({ n: 1 }), 'the conversion is audited');
  });

  it('switching to another database file reloads the views at once, without waiting for a write or focus', async () => {
    type Snapshot = { refreshed: string[]; groups: Array<{ children?: Array<{ label: string }> }> };
    const titles = (snapshot: Snapshot) => snapshot.groups.flatMap((group) => (group.children ?? []).map((row) => row.label));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-switch-'));
    await vscode.commands.executeCommand('trcaa.chooseDatabaseFile', path.join(dir, 'first.db'));
    await vscode.commands.executeCommand('trcaa.newIssue', { title: 'Only in the first database', severity: 'low' });
    assert.ok(titles(await issuesView<Snapshot>()).includes('Only in the first database'));
    // VS Code asks the tree again only when told: the switch must tell it (the provider alone would answer afresh).
    for (const file of ['second.db', 'first.db']) {
      await vscode.commands.executeCommand('trcaa.chooseDatabaseFile', path.join(dir, file));
      const snapshot = await issuesView<Snapshot>();
      assert.ok(snapshot.refreshed.includes('root'), `switching to ${file} reloads the tree (refreshed: ${snapshot.refreshed.join(', ')})`);
      assert.equal(titles(snapshot).includes('Only in the first database'), file === 'first.db');
    }
  });

  it('moves an unreadable file aside on request and starts afresh', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-aside-'));
    const garbage = path.join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    await vscode.commands.executeCommand('trcaa.chooseDatabaseFile', garbage);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('trcaa.checkDatabase')));
    // The command asks first: answered through the UI port, as a person answers the modal.
    const api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    const asked: string[] = [];
    const answers = api.setUi({ showWarningMessage: (async (message: string) => (asked.push(message), 'Move Aside')) as unknown as UiPort['showWarningMessage'] });
    let aside: string;
    try {
      aside = await vscode.commands.executeCommand<string>('trcaa.moveDatabaseAside');
    } finally {
      answers.dispose();
    }
    assert.match(asked[0] ?? '', /^Move .*garbage\.db aside and start a new, empty database\?$/);
    assert.ok(aside.startsWith(`${garbage}.unreadable-`));
    assert.ok(readFileSync(aside).equals(Buffer.alloc(8192, 0x5a)), 'the moved file is the original, untouched');
    assert.deepEqual((await vscode.commands.executeCommand<CheckReport>('trcaa.checkDatabase')).integrity, ['ok']);
  });
});
