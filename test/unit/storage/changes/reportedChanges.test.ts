// Every repository method the main thread may call reports what it wrote: this walks REMOTE_METHODS, so a new
// method without a case here, or a write that forgets to record its change (or names the wrong issue), fails.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChangedEntity, ChangeKind, StoreChange } from '../../../../src/storage/changes';
import { createInProcessEngine } from '../../../../src/storage/engine/engineImpl';
import type { AsyncEngine } from '../../../../src/storage/engine/protocol';
import type { RemoteStore } from '../../../../src/storage/store';
import { REMOTE_METHODS, remoteStore } from '../../../../src/storage/store';
import { useTempDir } from '../testFiles';

interface Fixture {
  dir: string;
  linkId: string;
  issueId: string;
  otherIssueId: string;
  logId: string;
  spanIds: string[];
  docId: string;
  releaseId: string;
  handle: string;
  redactedHandle: string;
  serverId: string;
  imageId: string;
  conversationId: string;
  messageId: string;
}

/** What a case expects: a change of `entity` naming the fixture's issue ('issue'), or app-wide ('none'). */
interface Expect {
  entity: ChangedEntity;
  issue: 'issue' | 'none';
  /** The change's kind, where it matters to a listener. */
  kind?: ChangeKind;
}

interface Case {
  call: (store: RemoteStore, f: Fixture) => Promise<unknown>;
  /** Undefined: a read, which must report nothing (and write nothing). */
  expect?: Expect;
  /** Keeps what later cases need. */
  keep?: (result: unknown, f: Fixture) => void;
}

const LOG_TEXT = 'user alice@example.com logged in from 10.1.2.3\nall good\n';
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');

/** Writes that are reported nowhere on purpose, with the reason. */
const UNREPORTED: Record<string, string> = {
  'audit.append': 'the audit log is shown by no view; every action it records reports its own change',
  'aiGate.previewContext': 'may cache the log\'s index of notable lines (ai_log_blocks), which no view shows',
  'aiGate.previewAction': 'may cache the log\'s index of notable lines (ai_log_blocks), which no view shows',
  'aiGate.indexLog': 'caches the log\'s index of notable lines (ai_log_blocks), which no view shows',
  'aiTools.searchIncidents': 'appends its ai.tool_output audit row only: a search concerns no one incident, and no view shows the audit log',
};

const AI_PROVIDER = { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llama3' } as const;

// In order: each case may rely on what the ones before it created.
const CASES: Array<[string, Case]> = [
  ['issues.create', { call: (s) => s.issues.create({ title: 'Another one', severity: 'low' }), expect: { entity: 'issue', issue: 'none' }, keep: (r, f) => (f.otherIssueId = (r as { id: string }).id) }],
  ['issues.get', { call: (s, f) => s.issues.get(f.issueId) }],
  ['issues.update', { call: (s, f) => s.issues.update(f.issueId, { title: 'Checkout 503s' }), expect: { entity: 'issue', issue: 'none' } }],
  ['issues.setStatus', { call: (s, f) => s.issues.setStatus(f.issueId, 'investigating'), expect: { entity: 'timeline', issue: 'issue' } }],
  ['issues.setStatusMany', { call: (s, f) => s.issues.setStatusMany([f.issueId], 'open'), expect: { entity: 'timeline', issue: 'issue' } }],
  ['issues.list', { call: (s) => s.issues.list({}) }],
  ['issues.counts', { call: (s) => s.issues.counts() }],
  ['issues.search', { call: (s) => s.issues.search('checkout') }],
  ['timeline.record', { call: (s, f) => s.timeline.record({ issueId: f.issueId, eventType: 'status_changed', description: 'x', metadata: { from: 'open', to: 'open' } }), expect: { entity: 'timeline', issue: 'issue' } }],
  ['timeline.list', { call: (s, f) => s.timeline.list(f.issueId) }],
  ['audit.append', { call: (s) => s.audit.append({ action: 'test.noted', entityType: 'database', entityId: 'x' }) }],
  ['audit.list', { call: (s) => s.audit.list({}) }],
  ['audit.verify', { call: (s) => s.audit.verify() }],
  [
    'logFiles.insertFromFile',
    {
      call: (s, f) => {
        const file = path.join(f.dir, 'app.log');
        writeFileSync(file, `${LOG_TEXT}from a file\n`);
        return s.logFiles.insertFromFile(f.issueId, file);
      },
      expect: { entity: 'log', issue: 'issue' },
    },
  ],
  ['logFiles.insertContent', { call: (s, f) => s.logFiles.insertContent(f.issueId, Buffer.from(LOG_TEXT), { fileName: 'mem.log' }), expect: { entity: 'log', issue: 'issue' }, keep: (r, f) => (f.logId = (r as { logFile: { id: string } }).logFile.id) }],
  ['logFiles.get', { call: (s, f) => s.logFiles.get(f.logId) }],
  // Mined on attach: ensureMined finds the patterns there and writes nothing (its mining write: logPatterns.test.ts).
  ['logPatterns.ensureMined', { call: (s, f) => s.logPatterns.ensureMined(f.logId) }],
  ['logPatterns.summary', { call: (s, f) => s.logPatterns.summary(f.logId) }],
  ['logPatterns.list', { call: (s, f) => s.logPatterns.list(f.logId) }],
  ['logPatterns.lines', { call: (s, f) => s.logPatterns.lines(f.logId, 0) }],
  ['logPatterns.counts', { call: (s, f) => s.logPatterns.counts({ logFileId: f.logId }) }],
  ['logPatterns.compare', { call: (s, f) => s.logPatterns.compare({ logFileId: f.logId }, { logFileId: f.logId }) }],
  ['logFiles.listForIssue', { call: (s, f) => s.logFiles.listForIssue(f.issueId) }],
  ['logFiles.findByContentHash', { call: (s) => s.logFiles.findByContentHash('0'.repeat(64)) }],
  ['logFiles.contentText', { call: (s, f) => s.logFiles.contentText(f.logId) }],
  ['logFiles.openContent', { call: (s, f) => s.logFiles.openContent(f.logId), keep: (r, f) => (f.handle = (r as { handle: string }).handle) }],
  ['logFiles.readContent', { call: (s, f) => s.logFiles.readContent(f.handle) }],
  ['logFiles.closeContent', { call: (s, f) => s.logFiles.closeContent(f.handle) }],
  ['logFiles.openRedacted', { call: (s, f) => s.logFiles.openRedacted(f.logId), keep: (r, f) => (f.redactedHandle = (r as { handle: string }).handle) }],
  ['logFiles.readRedacted', { call: (s, f) => s.logFiles.readRedacted(f.redactedHandle) }],
  ['piiSpans.listForLog', { call: (s, f) => s.piiSpans.listForLog(f.logId), keep: (r, f) => (f.spanIds = (r as Array<{ id: string }>).map((span) => span.id)) }],
  ['piiSpans.countsByType', { call: (s, f) => s.piiSpans.countsByType(f.logId) }],
  ['piiSpans.countsForIssue', { call: (s, f) => s.piiSpans.countsForIssue(f.issueId) }],
  ['logFiles.approveRedaction', { call: (s, f) => s.logFiles.approveRedaction(f.logId), expect: { entity: 'log', issue: 'issue' } }],
  ['piiSpans.setDecision', { call: (s, f) => s.piiSpans.setDecision(f.spanIds.slice(0, 1), 'keep'), expect: { entity: 'pii', issue: 'issue', kind: 'updated' } }],
  ['logFiles.setRedacted', { call: (s, f) => s.logFiles.setRedacted(f.logId, true), expect: { entity: 'log', issue: 'issue' } }],
  ['piiSpans.setDecisionForType', { call: (s, f) => s.piiSpans.setDecisionForType(f.logId, 'Email', 'pending'), expect: { entity: 'pii', issue: 'issue', kind: 'updated' } }],
  ['piiSpans.valueSummary', { call: (s, f) => s.piiSpans.valueSummary(f.logId, { limit: 10 }) }],
  ['piiSpans.spansInRange', { call: (s, f) => s.piiSpans.spansInRange(f.logId, 0, 100) }],
  [
    'piiSpans.setDecisionForValues',
    { call: (s, f) => s.piiSpans.setDecisionForValues(f.logId, [{ piiType: 'Email', value: 'alice@example.com' }], 'redact'), expect: { entity: 'pii', issue: 'issue', kind: 'updated' } },
  ],
  ['piiSpans.addManual', { call: (s, f) => s.piiSpans.addManual(f.logId, 0, 4), expect: { entity: 'pii', issue: 'issue' } }],
  // A scan's findings are 'created'; a person's decisions 'updated' (the walkthrough's review step ticks on those).
  ['piiSpans.scanLog', { call: (s, f) => s.piiSpans.scanLog(f.logId), expect: { entity: 'pii', issue: 'issue', kind: 'created' } }],
  [
    'piiSpans.replaceForLog',
    {
      call: (s, f) => s.piiSpans.replaceForLog(f.logId, [{ piiType: 'Email', startOffset: 5, endOffset: 22, originalValue: 'alice@example.com', replacement: '[Email]' }]),
      expect: { entity: 'pii', issue: 'issue', kind: 'created' },
    },
  ],
  ['egress.releaseText', { call: (s, f) => s.egress.releaseText({ logIds: [f.logId], destination: 'clipboard', confirmedUnapproved: true }), expect: { entity: 'egress', issue: 'issue' } }],
  ['egress.releaseToFile', { call: (s, f) => s.egress.releaseToFile({ logIds: [f.logId], destination: 'export', confirmedUnapproved: true }, path.join(f.dir, 'out.log')), expect: { entity: 'egress', issue: 'issue' } }],
  ['images.insert', { call: (s, f) => s.images.insert(f.issueId, SVG, { fileName: 'shot.svg', mimeType: 'image/svg+xml', piiWarningAcknowledged: true }), expect: { entity: 'image', issue: 'issue' }, keep: (r, f) => (f.imageId = (r as { image: { id: string } }).image.id) }],
  ['images.get', { call: (s, f) => s.images.get(f.imageId) }],
  ['images.data', { call: (s, f) => s.images.data(f.imageId) }],
  ['images.listForIssue', { call: (s, f) => s.images.listForIssue(f.issueId) }],
  ['attachments.listLogs', { call: (s) => s.attachments.listLogs({}) }],
  ['attachments.listImages', { call: (s) => s.attachments.listImages({}) }],
  ['images.delete', { call: (s, f) => s.images.delete(f.imageId), expect: { entity: 'image', issue: 'issue' } }],
  ['steps.upsert', { call: (s, f) => s.steps.upsert(f.issueId, 1, { whyQuestion: 'Why 503?' }), expect: { entity: 'step', issue: 'issue' } }],
  ['steps.answerWhy', { call: (s, f) => s.steps.answerWhy(f.issueId, { level: 1, question: 'Why 503?', answer: 'Pool exhausted' }), expect: { entity: 'step', issue: 'issue' } }],
  ['steps.addWhy', { call: (s, f) => s.steps.addWhy(f.issueId, 'Why exhausted?'), expect: { entity: 'step', issue: 'issue' } }],
  ['steps.markRootCause', { call: (s, f) => s.steps.markRootCause(f.issueId, { confidence: 0.9 }), expect: { entity: 'timeline', issue: 'issue' } }],
  ['steps.currentRootCause', { call: (s, f) => s.steps.currentRootCause(f.issueId) }],
  ['steps.listForIssue', { call: (s, f) => s.steps.listForIssue(f.issueId) }],
  ['steps.listLevels', { call: (s, f) => s.steps.listLevels(f.issueId) }],
  ['steps.removeWhy', { call: (s, f) => s.steps.removeWhy(f.issueId, 1), expect: { entity: 'step', issue: 'issue' } }],
  ['steps.delete', { call: (s, f) => s.steps.delete(f.issueId, 1), expect: { entity: 'step', issue: 'issue' } }],
  ['documents.generate', { call: (s, f) => s.documents.generate(f.issueId, 'rca'), expect: { entity: 'document', issue: 'issue' }, keep: (r, f) => (f.docId = (r as { document: { id: string } }).document.id) }],
  ['documents.create', { call: (s, f) => s.documents.create(f.issueId, { docType: 'postmortem', title: 'PM', contentMd: '# PM' }), expect: { entity: 'document', issue: 'issue' } }],
  ['documents.update', { call: (s, f) => s.documents.update(f.docId, { contentMd: '# RCA\n\nedited' }), expect: { entity: 'document', issue: 'issue' } }],
  ['documents.get', { call: (s, f) => s.documents.get(f.docId) }],
  ['documents.listForIssue', { call: (s, f) => s.documents.listForIssue(f.issueId) }],
  ['documents.recordExport', { call: (s, f) => s.documents.recordExport(f.docId, { format: 'markdown', filePath: '/tmp/rca.md' }), expect: { entity: 'timeline', issue: 'issue' } }],
  ['egress.releaseDocument', { call: (s, f) => s.egress.releaseDocument(f.docId), keep: (r, f) => (f.releaseId = (r as { releaseId: string }).releaseId) }],
  ['egress.recordDocumentRelease', { call: (s, f) => s.egress.recordDocumentRelease(f.releaseId, { format: 'markdown', filePath: '/tmp/rca.md', sha256: 'a'.repeat(64), bytes: 10 }), expect: { entity: 'egress', issue: 'issue' } }],
  ['integrations.prepareDocument', { call: (s, f) => s.integrations.prepareDocument('confluence', f.docId), keep: (r, f) => (f.releaseId = (r as { releaseId: string }).releaseId) }],
  [
    'integrations.recordSent',
    {
      call: (s, f) => s.integrations.recordSent(f.releaseId, { kind: 'page', externalId: '65537', url: 'https://wiki.example.com/pages/65537', sha256: 'a'.repeat(64), bytes: 10, version: 1 }),
      expect: { entity: 'externalLink', issue: 'issue', kind: 'created' },
      keep: (r, f) => (f.linkId = (r as { link: { id: string } }).link.id),
    },
  ],
  ['integrations.links', { call: (s, f) => s.integrations.links(f.issueId) }],
  ['integrations.removeLink', { call: (s, f) => s.integrations.removeLink(f.linkId), expect: { entity: 'externalLink', issue: 'issue', kind: 'deleted' } }],
  ['integrations.prepareIssue', { call: (s, f) => s.integrations.prepareIssue('servicenow', f.issueId) }],
  ['documents.delete', { call: (s, f) => s.documents.delete(f.docId), expect: { entity: 'document', issue: 'issue' } }],
  ['settings.set', { call: (s) => s.settings.set('pii.rules', '[]'), expect: { entity: 'setting', issue: 'none' } }],
  ['settings.get', { call: (s) => s.settings.get('pii.rules') }],
  ['settings.all', { call: (s) => s.settings.all() }],
  ['settings.delete', { call: (s) => s.settings.delete('pii.rules'), expect: { entity: 'setting', issue: 'none' } }],
  ['credentials.save', { call: (s) => s.credentials.save('confluence', 'token-value-1234'), expect: { entity: 'credential', issue: 'none' } }],
  ['credentials.token', { call: (s) => s.credentials.token('confluence') }],
  ['credentials.list', { call: (s) => s.credentials.list() }],
  ['credentials.remove', { call: (s) => s.credentials.remove('confluence'), expect: { entity: 'credential', issue: 'none' } }],
  ['credentials.saveConfig', { call: (s) => s.credentials.saveConfig('confluence', { baseUrl: 'https://wiki.example.com', spaceKey: 'OPS' }), expect: { entity: 'credential', issue: 'none' } }],
  ['credentials.config', { call: (s) => s.credentials.config('confluence') }],
  // A read: the configuration is there, the token was removed above, so it says which is missing.
  ['integrations.connection', { call: (s) => s.integrations.connection('confluence').then(() => assert.fail('no token is saved'), (e: Error) => assert.match(e.message, /No Confluence token is saved/)) }],
  ['credentials.configs', { call: (s) => s.credentials.configs() }],
  ['credentials.removeConfig', { call: (s) => s.credentials.removeConfig('confluence'), expect: { entity: 'credential', issue: 'none' } }],
  ['mcp.create', { call: (s) => s.mcp.create({ name: 'Grafana', url: 'https://grafana.example/mcp', transportType: 'http', authType: 'bearer', authValue: 'secret-value' }), expect: { entity: 'mcp', issue: 'none' }, keep: (r, f) => (f.serverId = (r as { id: string }).id) }],
  ['mcp.update', { call: (s, f) => s.mcp.update(f.serverId, { name: 'Grafana prod' }), expect: { entity: 'mcp', issue: 'none' } }],
  ['mcp.get', { call: (s, f) => s.mcp.get(f.serverId) }],
  ['mcp.list', { call: (s) => s.mcp.list() }],
  ['mcp.authValue', { call: (s, f) => s.mcp.authValue(f.serverId) }],
  ['mcp.replaceDiscovery', { call: (s, f) => s.mcp.replaceDiscovery(f.serverId, { tools: [{ name: 'query', parameters: {} }], resources: [], status: 'connected' }), expect: { entity: 'mcp', issue: 'none' } }],
  ['mcp.tools', { call: (s, f) => s.mcp.tools(f.serverId) }],
  ['mcp.resources', { call: (s, f) => s.mcp.resources(f.serverId) }],
  ['mcp.remove', { call: (s, f) => s.mcp.remove(f.serverId), expect: { entity: 'mcp', issue: 'none' } }],
  ['ai.create', { call: (s, f) => s.ai.create(f.issueId, { title: 'Triage', provider: 'ollama', model: 'llama3' }), expect: { entity: 'conversation', issue: 'issue' }, keep: (r, f) => (f.conversationId = (r as { id: string }).id) }],
  ['ai.get', { call: (s, f) => s.ai.get(f.conversationId) }],
  ['ai.rename', { call: (s, f) => s.ai.rename(f.conversationId, 'Pool exhaustion'), expect: { entity: 'conversation', issue: 'issue', kind: 'updated' } }],
  ['ai.listForIssue', { call: (s, f) => s.ai.listForIssue(f.issueId) }],
  ['ai.appendMessage', { call: (s, f) => s.ai.appendMessage(f.conversationId, { role: 'user', content: 'Why?' }), expect: { entity: 'aiMessage', issue: 'issue' }, keep: (r, f) => (f.messageId = (r as { id: string }).id) }],
  ['ai.messages', { call: (s, f) => s.ai.messages(f.conversationId) }],
  ['ai.deleteMessage', { call: (s, f) => s.ai.deleteMessage(f.messageId), expect: { entity: 'aiMessage', issue: 'issue', kind: 'deleted' } }],
  ['aiGate.indexLog', { call: (s, f) => s.aiGate.indexLog(f.logId) }],
  ['aiGate.previewContext', { call: (s, f) => s.aiGate.previewContext({ conversationId: f.conversationId, text: 'Why?', provider: AI_PROVIDER, context: { autoLogExcerpts: true } }) }],
  ['aiGate.prepareSend', { call: (s, f) => s.aiGate.prepareSend({ conversationId: f.conversationId, text: 'Why?', provider: AI_PROVIDER }), expect: { entity: 'egress', issue: 'issue' } }],
  ['aiGate.previewAction', { call: (s, f) => s.aiGate.previewAction({ issueId: f.issueId, action: 'statusUpdate', provider: AI_PROVIDER }) }],
  ['aiGate.prepareAction', { call: (s, f) => s.aiGate.prepareAction({ issueId: f.issueId, action: 'statusUpdate', provider: AI_PROVIDER }), expect: { entity: 'egress', issue: 'issue' } }],
  ['aiTools.searchIncidents', { call: (s) => s.aiTools.searchIncidents({ query: 'checkout' }) }],
  ['aiTools.incidentSummary', { call: (s, f) => s.aiTools.incidentSummary({ issueId: f.issueId }), expect: { entity: 'egress', issue: 'issue' } }],
  ['aiTools.logExcerpt', { call: (s, f) => s.aiTools.logExcerpt({ logId: f.logId, startLine: 1, endLine: 1 }), expect: { entity: 'egress', issue: 'issue' } }],
  ['aiTools.prepareParticipant', { call: (s, f) => s.aiTools.prepareParticipant({ issueId: f.issueId, mode: 'ask', text: 'Why?', provider: AI_PROVIDER }), expect: { entity: 'egress', issue: 'issue' } }],
  ['ai.delete', { call: (s, f) => s.ai.delete(f.conversationId), expect: { entity: 'conversation', issue: 'issue', kind: 'deleted' } }],
  ['logFiles.delete', { call: (s, f) => s.logFiles.delete(f.logId), expect: { entity: 'log', issue: 'issue' } }],
  ['issues.deleteMany', { call: (s, f) => s.issues.deleteMany([f.otherIssueId]), expect: { entity: 'issue', issue: 'none' } }],
  ['issues.delete', { call: (s, f) => s.issues.delete(f.issueId), expect: { entity: 'issue', issue: 'none' } }],
];

/** Entities whose rows belong to an incident: their changes must name it. */
const PER_ISSUE: readonly ChangedEntity[] = ['log', 'image', 'pii', 'step', 'document', 'timeline', 'egress', 'conversation', 'aiMessage', 'logPatterns'];

describe('change reports: every store method', () => {
  const tempDir = useTempDir('trcaa-changes-');
  let engine: AsyncEngine;
  let store: RemoteStore;
  let reported: StoreChange[][];

  beforeEach(async () => {
    reported = [];
    engine = createInProcessEngine(undefined, (changes) => reported.push(changes));
    await engine.open({ file: path.join(tempDir(), 'c.db'), key: { kind: 'plain' }, credentialKeyHex: 'ab'.repeat(32) });
    store = remoteStore((repository, method, args) => engine.storeCall(repository, method, args) as Promise<unknown>);
  });
  afterEach(() => engine.close());

  it('has a case for every remote method (add one when you add a method)', () => {
    const all = Object.entries(REMOTE_METHODS).flatMap(([repository, methods]) => (methods as readonly string[]).map((method) => `${repository}.${method}`));
    const covered = new Set(CASES.map(([name]) => name));
    assert.deepEqual(all.filter((name) => !covered.has(name)), []);
    assert.deepEqual([...covered].filter((name) => !all.includes(name)), []);
  });

  it('reports each write with its entity and issue, and nothing for a read', async () => {
    const issue = (await store.issues.create({ title: 'Checkout returns 503', severity: 'high' })) as { id: string };
    const f = { dir: tempDir(), issueId: issue.id } as Fixture;
    reported = [];
    const totalChanges = async () => Number((await engine.query('SELECT total_changes() AS n'))[0]?.n);
    const problems: string[] = [];
    for (const [name, testCase] of CASES) {
      const before = await totalChanges();
      reported = [];
      const result = await testCase.call(store, f);
      testCase.keep?.(result, f);
      const wrote = (await totalChanges()) !== before;
      const changes = reported.flat();
      if (!testCase.expect) {
        if (wrote && !UNREPORTED[name]) problems.push(`${name} wrote but its case says it reads: give it an expectation`);
        if (changes.length) problems.push(`${name} reported ${JSON.stringify(changes)} but its case says it reads`);
        continue;
      }
      if (!wrote) problems.push(`${name} wrote nothing (the case's arguments no longer make it write)`);
      const { entity, issue: which, kind } = testCase.expect;
      const want = which === 'issue' ? f.issueId : undefined;
      const match = changes.find((change) => change.entity === entity && (!kind || change.kind === kind) && (want === undefined || change.issueId === want || change.ids.includes(want)));
      if (!match) problems.push(`${name} reported ${JSON.stringify(changes)}, not a ${kind ?? ''} ${entity} change${want ? ` of issue ${want}` : ''}`);
      for (const change of changes) {
        if (PER_ISSUE.includes(change.entity) && !change.issueId) problems.push(`${name}: its ${change.entity} change names no issue`);
        if (change.entity === 'issue' && change.ids.length === 0) problems.push(`${name}: its issue change names no issue`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
