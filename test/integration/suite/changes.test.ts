// The one change channel in a real VS Code: a command's write arrives as one event naming its issue before the
// command returns; a write by another connection on the same file (another window's worker) arrives as an
// external event at the next check, and only once.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostics } from '../../../src/core/diagnostics';
import type { TestApi } from '../../../src/extension';
import type { DesktopImportReport } from '../../../src/storage/import/desktopImport';
import { keyFromSqlCipherString } from '../../../src/storage/cipher/databaseKey';
import { EngineClient } from '../../../src/storage/engine/engineClient';
import { toWireKey } from '../../../src/storage/engine/protocol';
import type { ChangeEvent } from '../../../src/views/workbench/changeChannel';
import { changedIssueIds, touches } from '../../../src/views/workbench/changeChannel';
import { until } from './until';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

describe('the change channel', function () {
  this.timeout(120_000);
  let api: TestApi;
  let pii: Awaited<ReturnType<TestApi['pii']>>;
  let extensionPath: string;
  const events: ChangeEvent[] = [];
  let listening: vscode.Disposable;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    extensionPath = extension.extensionPath;
    api = (await extension.activate()) as TestApi;
    pii = await api.pii();
    await api.store();
    listening = api.changes.onDidChange((event) => events.push(event));
  });
  after(() => listening.dispose());

  it("fires one event for a command's write, naming its issue, before the command returns", async () => {
    const issue = await (await api.store()).issues.create({ title: 'Queue consumers lag behind', severity: 'medium' });
    events.length = 0;
    await run('trcaa.setIssueStatus', issue.id, 'resolved');
    assert.equal(events.length, 1, JSON.stringify(events));
    const [event] = events as [ChangeEvent];
    assert.equal(event.external, false);
    assert.ok(touches(event, 'issue'));
    assert.deepEqual([...changedIssueIds(event)], [issue.id]);
    assert.deepEqual(
      event.changes.find((change) => change.entity === 'issue'),
      { entity: 'issue', kind: 'updated', ids: [issue.id] },
    );
  });

  /** Another window: its own database worker and connection on this window's database file. */
  async function otherWindow(): Promise<EngineClient> {
    const databaseFile = (await run<Diagnostics>('trcaa.showDiagnostics')).databaseFile;
    const recovery = await run<string | undefined>('trcaa.showRecoveryKey');
    const key = recovery ? keyFromSqlCipherString(recovery) : ({ kind: 'plain' } as const);
    const other = new EngineClient(path.join(extensionPath, 'dist', 'dbWorker.js'));
    await other.api.open({ file: databaseFile, key: toWireKey(key), create: false });
    return other;
  }

  it("hears another connection's write on the same file as external, once, at the next check", async () => {
    const other = await otherWindow();
    await api.externalChanges.check(); // settles what this window has seen
    events.length = 0;
    assert.equal(await api.externalChanges.check(), false, 'nothing new: no event');

    let created: string;
    try {
      created = (await other.store.issues.create({ title: 'Written by another window', severity: 'low' })).id;
    } finally {
      await other.dispose();
    }
    assert.deepEqual(events, [], 'not heard before a check: the other window reports to its own channel');
    assert.equal(await api.externalChanges.check(), true);
    assert.deepEqual(events, [{ changes: [], external: true }]);
    assert.equal(await api.externalChanges.check(), false, 'reported once');
    assert.equal((await (await api.store()).issues.get(created))?.title, 'Written by another window');
  });

  it("redraws a stored log's PII decorations when another window decides a span", async () => {
    const store = await api.store();
    const issue = await store.issues.create({ title: 'Support mails in the gateway log', severity: 'high' });
    const { logFile } = await store.logFiles.insertContent(issue.id, Buffer.from('mail from alice.martin@example.com failed\n'), { fileName: 'gateway.log' });
    const [span] = await store.piiSpans.listForLog(logFile.id);
    assert.ok(span, 'the e-mail was found');
    const uri = await run<vscode.Uri>('trcaa.openLog', logFile.id);
    const drawn = () => pii.decorations.applied.get(uri.toString())?.find((d) => d.spanId === span.id)?.decision;
    await until('the pending decoration', () => (drawn() === 'pending' ? true : undefined));

    const other = await otherWindow();
    try {
      await other.store.piiSpans.setDecision([span.id], 'keep');
    } finally {
      await other.dispose();
    }
    assert.equal(await api.externalChanges.check(), true);
    await until('the decoration redrawn as kept', () => (drawn() === 'keep' ? true : undefined), 5000);
    await run('workbench.action.closeAllEditors');
  });

  it('fires one reload-everything event for a desktop import, naming the entities it added to', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-changes-import-'));
    try {
      const desktop = path.join(dir, 'tftsr.db');
      const env = { ...process.env, DESKTOP_PASS: 'the desktop passphrase' };
      const cli = (args: string[]) => {
        const result = spawnSync(process.execPath, [path.join(extensionPath, 'dist', 'trcaa-db.js'), ...args, '--passphrase-env', 'DESKTOP_PASS'], { encoding: 'utf8', env });
        assert.equal(result.status, 0, result.stderr);
      };
      cli(['create', desktop]);
      cli(['exec', desktop, `INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES ('${randomUUID()}', 'From the desktop app', 'low', 'open', '2026-05-30 10:00:00', '2026-05-30 10:00:00')`]);
      events.length = 0;
      const report = await run<DesktopImportReport>('trcaa.importDesktopDatabase', { file: desktop, passphrase: env.DESKTOP_PASS });
      assert.equal(report.tables.find((t) => t.table === 'issues')?.inserted, 1);
      const broad = events.filter((event) => event.external);
      assert.equal(broad.length, 1, JSON.stringify(events));
      assert.ok(touches(broad[0] as ChangeEvent, 'issue'));
      assert.deepEqual((broad[0] as ChangeEvent).changes.find((change) => change.entity === 'issue'), { entity: 'issue', kind: 'created', ids: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
