// The AI actions that write, in a real extension host against the in-repo fake provider (scripted JSON replies):
// each is a proposal, nothing is stored before the user accepts (prompts answered through the UI port). Suggest
// Next Why → Accept stores the why with why_level_advanced and the tree shows it, Discard stores nothing; Draft
// with AI → Accept replaces just that section in the open document; Analyze Log applies only what was ticked and
// refuses an unapproved log before any request; a reply that is not the asked JSON gives its message and Retry.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { keyName } from '../../../src/views/assistant/aiSettings';
import type { UiPort } from '../../../src/views/workbench/ui';
import type { WhysHostMessage } from '../../../src/webview/whys/whysProtocol';
import { FakeAiServer } from '../../support/fakeAiServer';
import { issueFolder } from './issueTree';
import { answering } from './testApi';
import { until, WEBVIEW_START_MS } from './until';

const KEY = 'sk-trcaa-actions-0123456789';
const CANARY = 'erin.canary@example.com';
const LOG = ['2026-12-06T10:00:01Z ERROR pool exhausted: 50/50 connections in use', '2026-12-06T10:00:02Z WARN upstream timed out', '2026-12-06T10:00:03Z INFO retrying'].join('\n');

const json = (value: unknown) => ({ chunks: ['```json\n', JSON.stringify(value), '\n```'] });
const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

/** A prompt answered with `answer` (a button title, or a function of the items), recording what it was asked. */
function recorded<K extends keyof UiPort>(asked: unknown[][], answer: (...args: unknown[]) => unknown): UiPort[K] {
  return (async (...args: unknown[]) => {
    asked.push(args);
    return answer(...args);
  }) as unknown as UiPort[K];
}

describe('AI actions: proposals the user accepts (real extension host, fake provider)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let store: RemoteStore;
  let fake: FakeAiServer;
  const config = () => vscode.workspace.getConfiguration('trcaa.ai');

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    fake = await FakeAiServer.start();
    const baseUrl = fake.baseUrl('openai');
    await config().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    await api.services.context.secrets.store(keyName({ kind: 'openai', baseUrl }), KEY);
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  beforeEach(() => {
    fake.reset();
    fake.requireKey = KEY;
  });

  /** An incident (through the command, so the tree knows it) with an approved log. */
  async function incident(title: string, approved = true) {
    const issue = await run<{ id: string }>('trcaa.newIssue', { title: `${title} for ${CANARY}`, severity: 'low' });
    const { logFile } = await store.logFiles.insertContent(issue.id, new TextEncoder().encode(LOG), { fileName: 'pool.log' });
    if (approved) await store.logFiles.approveRedaction(logFile.id);
    return { issueId: issue.id, logId: logFile.id };
  }

  const whyEvents = async (issueId: string) => (await store.timeline.list(issueId)).filter((e) => e.eventType === 'why_level_advanced');

  it('Suggest Next Why in the 5 Whys panel: the proposal comes back unstored; Accept stores it (level advanced, tree row)', async () => {
    const { issueId, logId } = await incident('Pool exhausted');
    await issueFolder(issueId, 'whys');
    fake.script(json({ question: 'Why did checkout fail?', answer: 'CONFIRMED: the DB pool was exhausted', evidence: [`log:${logId}#L1`, 'log:not-a-log-here#L3'] }));

    const whys = await api.whys();
    await run('trcaa.whys.open', issueId);
    const panel = await until('the 5 Whys panel', () => whys.panels.get(issueId));
    await until('the webview ready', () => (whys.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    assert.equal(await whys.handleMessage(panel, { type: 'suggest', id: 901 }), true);
    const reply = (whys.lastMessages.get(panel) ?? []).find((m): m is Extract<WhysHostMessage, { type: 'reply' }> => (m as { id?: number }).id === 901 && m.type === 'reply') as { ok: boolean; value?: unknown } | undefined;
    assert.deepEqual(reply?.value, { level: 1, question: 'Why did checkout fail?', answer: 'CONFIRMED: the DB pool was exhausted', evidence: [`log:${logId}#L1`] }, 'the proposal, the reference to a log of no incident left out');
    assert.deepEqual(await store.steps.listForIssue(issueId), [], 'nothing stored before Accept');
    assert.equal(fake.chatRequests().length, 1);
    assert.ok(!fake.chatRequests()[0]?.bodyText.includes(CANARY), 'the title canary is redacted');

    // Accept: the panel's own save.
    assert.equal(await whys.handleMessage(panel, { type: 'save', id: 902, level: 1, question: 'Why did checkout fail?', answer: 'CONFIRMED: the DB pool was exhausted', evidence: `log:${logId}#L1` }), true);
    assert.deepEqual((await whyEvents(issueId)).map((e) => e.metadata), [{ from_level: 1, to_level: 2, question: 'Why did checkout fail?' }]);
    const rows = await until('the why in the tree', async () => {
      const children = (await issueFolder(issueId, 'whys')).children ?? [];
      return children.length ? children : undefined;
    });
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [['Why 1: Why did checkout fail?', 'CONFIRMED: the DB pool was exhausted']]);
  });

  it('Suggest Next Why from the palette: a modal; Discard stores nothing, Accept stores the why with its evidence', async () => {
    const { issueId, logId } = await incident('Palette suggestion');
    const proposal = { question: 'Why did the pool run out?', answer: 'ASSUMPTION: a slow query held connections', evidence: [`log:${logId}#L1-L2`] };
    const asked: unknown[][] = [];

    fake.script(json(proposal));
    const discarded = await answering({ showInformationMessage: recorded<'showInformationMessage'>(asked, () => undefined) }, () => run<{ stored: boolean }>('trcaa.ai.suggestNextWhy', issueId));
    assert.equal(discarded?.stored, false);
    assert.match(String(asked[0]?.[0]), /^Why 1: Why did the pool run out\?/);
    assert.deepEqual(await store.steps.listForIssue(issueId), [], 'Discard stores nothing');
    assert.deepEqual(await whyEvents(issueId), []);

    fake.script(json(proposal));
    const accepted = await answering({ showInformationMessage: recorded<'showInformationMessage'>(asked, () => 'Accept') }, () => run<{ stored: boolean }>('trcaa.ai.suggestNextWhy', issueId));
    assert.equal(accepted?.stored, true);
    const [step] = await store.steps.listLevels(issueId);
    assert.deepEqual([step?.stepOrder, step?.whyQuestion, step?.answer, step?.evidence], [1, proposal.question, proposal.answer, `log:${logId}#L1-L2`]);
    assert.equal((await whyEvents(issueId)).length, 1, 'why_level_advanced recorded');
  });

  it('Draft with AI: the draft beside the text; Discard changes nothing, Accept replaces just that section (an edit to save)', async () => {
    const { issueId } = await incident('Draft a section');
    const { document: doc } = await store.documents.generate(issueId, 'rca');
    const uri = await run<vscode.Uri>('trcaa.openDocument', doc.id);
    assert.ok(uri);
    const textDocument = await vscode.workspace.openTextDocument(uri);
    const original = textDocument.getText();
    const headings = [...original.matchAll(/^## (.+)$/gm)].map((m) => m[1] as string);
    assert.ok(headings.length >= 2, 'the RCA template has sections');
    const section = headings[0] as string;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => l.command?.command === 'trcaa.ai.draftSection' && JSON.stringify(l.command.arguments) === JSON.stringify([{ docId: doc.id, section }])), 'a Draft with AI lens on the section');

    const draft = { section, markdown: 'Checkout failed for 12 minutes: the database pool was exhausted (log lines cited).' };
    fake.script(json(draft));
    const discard = await answering({ showInformationMessage: (async () => 'Discard') as unknown as UiPort['showInformationMessage'] }, () => run<{ applied: boolean }>('trcaa.ai.draftSection', { docId: doc.id, section }));
    assert.equal(discard?.applied, false);
    assert.equal(textDocument.getText(), original, 'Discard leaves the document as it was');

    fake.script(json(draft));
    const accept = await answering({ showInformationMessage: (async () => 'Accept') as unknown as UiPort['showInformationMessage'] }, () => run<{ applied: boolean; markdown: string }>('trcaa.ai.draftSection', { docId: doc.id, section }));
    assert.equal(accept?.applied, true);
    const text = textDocument.getText();
    const body = text.slice(text.indexOf(`## ${section}`), text.indexOf(`## ${headings[1]}`));
    assert.equal(body, `## ${section}\n\n${draft.markdown}\n\n`, 'the section body is the draft');
    assert.equal(text.slice(text.indexOf(`## ${headings[1]}`)), original.slice(original.indexOf(`## ${headings[1]}`)), 'the other sections are unchanged');
    assert.equal(textDocument.isDirty, true, 'an edit the user saves (or undoes)');
    assert.equal((await store.documents.get(doc.id))?.contentMd, original, 'nothing stored until saved');
    await textDocument.save();
    assert.equal((await store.documents.get(doc.id))?.contentMd, text);
    const request = fake.chatRequests()[1];
    assert.ok(request && !request.bodyText.includes(CANARY), 'the incident is sent redacted');
  });

  it('Analyze Log with AI: applies only what was ticked (the severity), not the suggested why', async () => {
    const { issueId, logId } = await incident('Analyze');
    fake.script(
      json({
        summary: 'The database pool ran out, then upstream calls timed out.',
        findings: [{ finding: 'Pool exhausted at 10:00:01', status: 'CONFIRMED', refs: [`log:${logId}#L1`] }],
        suggestedFirstWhy: { question: 'Why did checkout fail?', answer: 'The pool was exhausted' },
        suggestedSeverity: 'critical',
      }),
    );
    const offered: string[] = [];
    const picker = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      const list = await items;
      offered.push(...list.map((i) => i.label));
      return list.filter((i) => i.label.startsWith('Set severity'));
    }) as unknown as UiPort['showQuickPick'];
    const outcome = await answering({ showQuickPick: picker }, () => run<{ applied: string[] }>('trcaa.ai.analyzeLog', { logId }));
    assert.deepEqual(offered, ['Set severity: critical', 'Add first why: Why did checkout fail?']);
    assert.deepEqual(outcome?.applied, ['severity']);
    assert.equal((await store.issues.get(issueId))?.severity, 'critical');
    assert.deepEqual(await store.steps.listForIssue(issueId), [], 'the unticked why is not stored');
    const body = fake.chatRequests()[0]?.bodyText ?? '';
    assert.ok(body.includes('pool exhausted'), 'the approved log excerpts are sent');
    const card = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'trcaa-ai-proposal' && d.getText().includes('The database pool ran out'));
    assert.ok(card, 'the analysis is shown as a card');
  });

  it('Analyze Log refuses an unapproved log before any request: "Review PII first"', async () => {
    const { logId } = await incident('Unapproved', false);
    const asked: unknown[][] = [];
    const outcome = await answering({ showWarningMessage: recorded<'showWarningMessage'>(asked, () => undefined) }, () => run('trcaa.ai.analyzeLog', { logId }));
    assert.equal(outcome, undefined);
    assert.match(String(asked[0]?.[0]), /Review PII first/);
    assert.deepEqual(asked[0]?.slice(1), ['Review PII']);
    assert.equal(fake.requests.length, 0, 'nothing reached the provider');
  });

  it('a reply that is not the asked JSON gives its message and offers Retry; Retry asks again (Status Update → Insert)', async () => {
    const { issueId } = await incident('Malformed');
    fake.script({ chunks: ['Sure! The incident is bad.'] }, { chunks: ['{"summary": "not closed'] });
    const errors: unknown[][] = [];
    const gaveUp = await answering({ showErrorMessage: recorded<'showErrorMessage'>(errors, () => undefined) }, () => run('trcaa.ai.statusUpdate', { issueId }));
    assert.equal(gaveUp, undefined);
    assert.match(String(errors[0]?.[0]), /did not answer with a JSON object/);
    assert.deepEqual(errors[0]?.slice(1), ['Retry']);

    fake.reset();
    fake.requireKey = KEY;
    const summary = 'Checkout is failing for some customers because the database ran out of connections. We are raising the pool limit and expect recovery within the hour.';
    fake.script({ chunks: ['not json at all'] }, json({ summary }));
    const retried: unknown[][] = [];
    const outcome = await answering(
      {
        showErrorMessage: recorded<'showErrorMessage'>(retried, () => 'Retry'),
        showInformationMessage: (async () => 'Insert into Description') as unknown as UiPort['showInformationMessage'],
      },
      () => run<{ outcome: string; summary: string }>('trcaa.ai.statusUpdate', { issueId }),
    );
    assert.equal(retried.length, 1, 'one bad reply, one Retry');
    assert.equal(fake.chatRequests().length, 2);
    assert.deepEqual([outcome?.outcome, outcome?.summary], ['inserted', summary]);
    assert.match((await store.issues.get(issueId))?.description ?? '', new RegExp(`Status update \\(.+ UTC\\): ${summary.slice(0, 40)}`));
  });

  it('with no model chosen, offers Select AI Model… and sends nothing', async () => {
    const { issueId } = await incident('No model');
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    try {
      const asked: unknown[][] = [];
      const outcome = await answering({ showWarningMessage: recorded<'showWarningMessage'>(asked, () => undefined) }, () => run('trcaa.ai.suggestNextWhy', { issueId }));
      assert.equal(outcome, undefined);
      assert.deepEqual(asked[0]?.slice(1), ['Select AI Model…']);
      assert.equal(fake.requests.length, 0);
    } finally {
      await config().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    }
  });
});
