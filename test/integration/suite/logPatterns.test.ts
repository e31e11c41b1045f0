// Log patterns inside a real VS Code: a workspace log attached through the command is mined in the database worker
// in the same pass, and what is stored (patterns, their lines, histograms) matches the log as the editor shows it.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import type { AttachSummary } from '../../../src/views/attachments/attachLog';

const START = Date.UTC(2026, 5, 1, 12, 0, 0);
const EVENTS = [
  (i: number) => `INFO  [http-${i % 4}] com.shop.Checkout: order ${1000 + i} paid in ${i % 300} ms`,
  (i: number) => `WARN  [http-${i % 4}] com.shop.Checkout: retrying payment for order ${1000 + i} (attempt ${i % 3})`,
  (i: number) => `ERROR [http-${i % 4}] com.shop.Payments: gateway 10.0.${i % 255}.7:443 timed out after ${i % 9000} ms`,
];

describe('log patterns', function () {
  this.timeout(120_000);
  let store: RemoteStore;
  let issueId: string;
  let dir: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    const api = await extension.activate();
    store = await api.store();
    issueId = (await store.issues.create({ title: 'Payments time out', severity: 'high' })).id;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the demo workspace is open');
    dir = path.join(root, 'patterns-test');
    mkdirSync(dir, { recursive: true });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('attach mines the log in the worker: patterns listed, each pattern\'s lines are the editor\'s lines of that event', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const time = new Date(START + i * 2000).toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
      return `${time} ${EVENTS[i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0]!(i)}`;
    });
    const file = path.join(dir, 'checkout.log');
    writeFileSync(file, lines.join('\n') + '\n');
    const summary = await vscode.commands.executeCommand<AttachSummary>('trcaa.attachLog', { issueId, files: [file] });
    assert.equal(summary.outcomes[0]?.status, 'attached', summary.outcomes[0]?.message);
    const logId = summary.outcomes[0]!.logFile!.id;

    const set = await store.logPatterns.summary(logId);
    assert.ok(set, 'mined on attach');
    assert.equal(set.format, 'log4j');
    assert.equal(set.lineCount, 3000);
    const patterns = await store.logPatterns.list(logId);
    assert.deepEqual(patterns.map((p) => p.template).sort(), [
      'gateway <*> timed out after <*> ms',
      'order <*> paid in <*> ms',
      'retrying payment for order <*> (attempt <*>',
    ].sort());
    assert.equal(patterns.find((p) => p.template.startsWith('gateway'))?.level, 'error');

    const document = await vscode.workspace.openTextDocument(file);
    for (const p of patterns) {
      const numbers = await store.logPatterns.lines(logId, p.index);
      assert.equal(numbers.length, p.count);
      const words = p.template.split(' ').filter((w) => !w.includes('<*>'));
      for (const n of numbers) {
        const text = document.lineAt(n - 1).text;
        for (const word of words) assert.ok(text.includes(word), `line ${n} "${text}" of ${p.id} "${p.template}"`);
      }
      // Two seconds a line: 30 lines a minute across the three patterns.
      assert.equal(p.histogram.reduce((sum, [, n]) => sum + n, 0), p.count);
      assert.equal(p.firstMs, START + (p.firstLine - 1) * 2000);
    }
    assert.equal(patterns.reduce((sum, p) => sum + p.count, 0), document.lineCount - 1, 'every line (the last one is the empty line after the final newline)');
    assert.deepEqual(await store.logPatterns.ensureMined(logId), set, 'already mined: the same set');
  });
});
