// The PII API as the extension's main thread uses it: through the database worker, where options, spans and
// reports cross by structured clone and typed errors keep their codes and details.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineClient } from '../../../../src/storage/engine/engineClient';
import { useWorkerStore } from '../workerStore';

describe('PII review and egress through the database worker', function () {
  this.timeout(60_000);
  const worker = useWorkerStore('trcaa-pii-worker-', 'PII through the worker');
  let client: EngineClient;
  let dir: string;
  let issueId: string;
  beforeEach(() => ({ client, dir, issueId } = worker()));

  it('attach → review → approve → redacted view → export, with the audit hash matching the exported bytes', async () => {
    const text = 'login alice@example.com\nlogin bob@example.org\n';
    const { logFile, pii } = await client.store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'auth.log' }, { pii: { enabledTypes: ['Email'] } });
    assert.deepEqual(pii, { spans: 2, countsByType: { Email: 2 }, problems: [] });
    const [alice, bob] = await client.store.piiSpans.listForLog(logFile.id);
    await client.store.piiSpans.setDecision([bob!.id], 'keep');
    const manual = await client.store.piiSpans.addManual(logFile.id, 0, 5);
    assert.equal(manual.originalValue, 'login');
    assert.deepEqual((await client.store.piiSpans.countsForIssue(issueId))[logFile.id], { byType: { Email: 2, Manual: 1 }, pending: 1, kept: 1, scanned: true });

    await assert.rejects(client.store.egress.releaseText({ logIds: [logFile.id], destination: 'clipboard' }), (e: unknown) => (e as { code?: string; details?: { ids?: string[] } }).code === 'NOT_APPROVED' && (e as { details: { ids: string[] } }).details.ids[0] === logFile.id);
    assert.equal((await client.store.logFiles.approveRedaction(logFile.id)).redacted, true);
    assert.equal((await client.store.piiSpans.listForLog(logFile.id)).find((s) => s.id === alice!.id)?.decision, 'redact');

    const { handle } = await client.store.logFiles.openRedacted(logFile.id);
    let view = '';
    for (let piece = await client.store.logFiles.readRedacted(handle); piece !== null; piece = await client.store.logFiles.readRedacted(handle)) view += piece;
    assert.equal(view, '[Redacted] [Email]\nlogin bob@example.org\n');

    const file = path.join(dir, 'export.log');
    const release = await client.store.egress.releaseToFile({ logIds: [logFile.id], destination: 'export' }, file);
    const bytes = readFileSync(file);
    assert.equal(bytes.toString('utf8'), view);
    assert.equal(release.sha256, createHash('sha256').update(bytes).digest('hex'));
    const [row] = await client.store.audit.list({ action: 'egress.released' });
    assert.equal(JSON.parse(row?.details ?? '{}').sha256, release.sha256);
    assert.deepEqual(await client.store.audit.verify(), { ok: true, rows: (await client.store.audit.list({ limit: 10_000 })).length });
  });

  it('a rescan crosses with its options and a shared cancel flag', async () => {
    const { logFile } = await client.store.logFiles.insertContent(issueId, Buffer.from('ip 10.1.1.1 mail eve@example.com\n'), { fileName: 'n.log' });
    const report = await client.store.piiSpans.scanLog(logFile.id, { enabledTypes: ['IPv4'], customPatterns: [{ name: 'bad', pattern: '(' }] });
    assert.deepEqual(report.countsByType, { IPv4: 1 });
    assert.equal(report.problems[0]?.name, 'bad');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 1);
    await assert.rejects(client.store.piiSpans.scanLog(logFile.id, { cancelFlag: flag }), (e: unknown) => (e as { code?: string }).code === 'CANCELLED');
    await assert.rejects(client.store.piiSpans.setDecision(['nope'], 'keep'), (e: unknown) => (e as { code?: string }).code === 'NOT_FOUND');
    await assert.rejects(client.store.piiSpans.setDecisionForType(logFile.id, 'IPv4', 'yes' as never), (e: unknown) => (e as { code?: string }).code === 'VALIDATION');
  });

  it('review by value crosses: value counts, a decision per value, the spans of a window', async () => {
    const text = 'a 10.9.9.9 b 10.9.9.9 c eve@example.com\n';
    const { logFile } = await client.store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'v.log' });
    const summary = await client.store.piiSpans.valueSummary(logFile.id, { limit: 10 });
    assert.deepEqual(summary.values.map((v) => [v.value, v.count]), [['10.9.9.9', 2], ['eve@example.com', 1]]);
    assert.equal(await client.store.piiSpans.setDecisionForValues(logFile.id, [{ piiType: 'IPv4', value: '10.9.9.9' }], 'keep'), 2);
    const window = await client.store.piiSpans.spansInRange(logFile.id, text.indexOf('b'), text.length);
    assert.deepEqual(window.map((s) => [s.originalValue, s.decision]), [['10.9.9.9', 'keep'], ['eve@example.com', 'pending']]);
  });
});
