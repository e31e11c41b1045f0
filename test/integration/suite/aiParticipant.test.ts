// TRCAA in VS Code's own chat, in a real extension host: the language-model tools (invoked through vscode.lm where
// the host has it) and the @trcaa participant's handler (called with a fake request, stream and chat model — the
// test host has no chat UI or model). PII canaries in the incident, its log (approved, one value kept) and the
// prompt never reach a tool result or a message handed to the model; an unapproved log is refused by name; every
// output is audited; a proposal is stored only when its button's command runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { ACCEPT_PROPOSAL_COMMAND, LM_TOOL_NAMES, PARTICIPANT_ID } from '../../../src/views/assistant/chatContributions';
import { answerChat } from '../../../src/views/assistant/chatParticipant';
import { lmTools } from '../../../src/views/assistant/lmTools';
import type { TreeNode } from '../../../src/views/workbench/treeNodes';
import { answering } from './testApi';

const CANARIES = {
  title: 'alice.tools@example.com',
  description: '203.0.113.78',
  logEmail: 'bob.tools@example.org',
  typed: 'carol.tools@example.net',
  raw: 'dave.tools@example.com',
};
const KEPT = '198.51.100.24';
const LOG = [
  `2026-12-06T10:00:01Z ERROR checkout failed for ${CANARIES.logEmail}`,
  `2026-12-06T10:00:02Z WARN upstream ${KEPT} timed out`,
  '2026-12-06T10:00:03Z INFO retrying',
].join('\n');

const leaked = (text: string) => Object.entries(CANARIES).filter(([, value]) => text.includes(value)).map(([name]) => name);

/** What a fake chat response stream was given. */
class FakeStream {
  readonly markdown: string[] = [];
  readonly progress: string[] = [];
  readonly buttons: vscode.Command[] = [];
  readonly stream = {
    markdown: (value: string | vscode.MarkdownString) => this.markdown.push(typeof value === 'string' ? value : value.value),
    progress: (value: string) => this.progress.push(value),
    button: (command: vscode.Command) => this.buttons.push(command),
    reference: () => undefined,
    anchor: () => undefined,
    filetree: () => undefined,
    push: () => undefined,
  } as unknown as vscode.ChatResponseStream;
  get text() {
    return this.markdown.join('');
  }
}

/** A chat model that records the messages it is sent and answers with `chunks`. */
function fakeModel(chunks: string[]) {
  const sent: string[][] = [];
  const model = {
    id: 'fake-chat-model',
    name: 'Fake Model',
    vendor: 'trcaa-test',
    family: 'fake',
    version: '1',
    maxInputTokens: 32_000,
    countTokens: async () => 1,
    sendRequest: async (messages: vscode.LanguageModelChatMessage[]) => {
      sent.push(messages.map((m) => m.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('')));
      return {
        text: (async function* () {
          for (const chunk of chunks) yield chunk;
        })(),
        stream: (async function* () {})(),
      };
    },
  } as unknown as vscode.LanguageModelChat;
  return { model, sent };
}

function chatRequest(prompt: string, model: vscode.LanguageModelChat, command?: string): vscode.ChatRequest {
  return { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
}

const noHistory = { history: [] } as unknown as vscode.ChatContext;

describe('@trcaa and the TRCAA language-model tools (real extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let store: RemoteStore;
  let issueId: string;
  let logId: string;
  let rawId: string;
  const deps = () => ({ services: api.services });

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    const issue = await store.issues.create({ title: `Checkout tools down for ${CANARIES.title}`, severity: 'high', description: `Errors from ${CANARIES.description} since 10:00` });
    issueId = issue.id;
    const { logFile } = await store.logFiles.insertContent(issueId, new TextEncoder().encode(LOG), { fileName: 'checkout-tools.log' });
    logId = logFile.id;
    const kept = (await store.piiSpans.listForLog(logId)).find((s) => LOG.slice(s.startOffset, s.endOffset) === KEPT);
    assert.ok(kept, 'the detector found the IP to keep');
    await store.piiSpans.setDecision([kept.id], 'keep');
    await store.logFiles.approveRedaction(logId);
    rawId = (await store.logFiles.insertContent(issueId, new TextEncoder().encode(`ERROR for ${CANARIES.raw}\n`), { fileName: 'raw-tools.log' })).logFile.id;
  });

  after(async () => {
    await store.issues.delete(issueId).catch(() => undefined);
  });

  const auditRows = async (action: string) => store.audit.list({ action });

  it('registers the participant and the tools where VS Code has the APIs (and contributes them in package.json)', async () => {
    const contributes = vscode.extensions.getExtension('trcaa.trcaa')?.packageJSON.contributes as { chatParticipants: { id: string; commands: { name: string }[] }[]; languageModelTools: { name: string; inputSchema: object; canBeReferencedInPrompt: boolean }[] };
    assert.deepEqual(contributes.chatParticipants.map((p) => [p.id, p.commands.map((c) => c.name)]), [[PARTICIPANT_ID, ['analyze', 'whys', 'rca']]]);
    assert.deepEqual(contributes.languageModelTools.map((t) => t.name), [...LM_TOOL_NAMES]);
    assert.ok(contributes.languageModelTools.every((t) => t.inputSchema && t.canBeReferencedInPrompt));
    console.log(`[aiParticipant] VS Code ${vscode.version}: chat.createChatParticipant ${typeof vscode.chat?.createChatParticipant}, lm.registerTool ${typeof vscode.lm?.registerTool}, lm.invokeTool ${typeof vscode.lm?.invokeTool}`);
    if (vscode.lm?.tools) {
      const names = vscode.lm.tools.map((tool) => tool.name);
      for (const name of LM_TOOL_NAMES) assert.ok(names.includes(name), `${name} is registered (${names.join(', ')})`);
    }
    assert.ok((await vscode.commands.getCommands(true)).includes(ACCEPT_PROPOSAL_COMMAND));
  });

  /** A tool's result text: through vscode.lm.invokeTool when the host has it, else the tool itself. */
  async function invoke(name: (typeof LM_TOOL_NAMES)[number], input: object): Promise<string> {
    const token = new vscode.CancellationTokenSource().token;
    let result: vscode.LanguageModelToolResult;
    if (vscode.lm?.invokeTool && vscode.lm.tools.some((tool) => tool.name === name)) result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
    else result = await lmTools(api.services)[name].invoke({ input, toolInvocationToken: undefined } as never, token);
    return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  }

  it('the tools return redacted text only — the kept value, no canary — and each output is audited', async () => {
    const before = (await auditRows('ai.tool_output')).length;
    const found = await invoke('trcaa_searchIncidents', { query: 'checkout tools' });
    assert.ok(found.includes(issueId), found);
    assert.match(found, /Checkout tools down for \[Email\]/);
    const summary = await invoke('trcaa_incidentSummary', { issueId });
    assert.match(summary, /Errors from \[IPv4\]/);
    assert.ok(summary.includes(`log:${logId} — checkout-tools.log: redaction approved`), summary);
    const excerpt = await invoke('trcaa_logExcerpt', { logId, startLine: 1, endLine: 3 });
    assert.match(excerpt, /L1: 2026-12-06T10:00:01Z ERROR checkout failed for \[Email\]/);
    assert.ok(excerpt.includes(KEPT), 'the value the reviewer kept');
    const notable = await invoke('trcaa_logExcerpt', { logId });
    assert.match(notable, /ERROR checkout failed for \[Email\]/);
    for (const [what, text] of Object.entries({ found, summary, excerpt, notable })) assert.deepEqual(leaked(text), [], what);
    const rows = (await auditRows('ai.tool_output')).slice(0, (await auditRows('ai.tool_output')).length - before);
    assert.equal(rows.length, 4, 'one row per output');
    for (const row of rows) {
      assert.match(row.details ?? '', /"sha256":"[0-9a-f]{64}"/);
      assert.deepEqual(leaked(row.details ?? ''), []);
      assert.ok(!(row.details ?? '').includes('checkout failed'), 'no text in the audit row');
    }
  });

  it('the log tool refuses an unapproved log by name and reads none of it; prepareInvocation says what will be read', async () => {
    const refused = await invoke('trcaa_logExcerpt', { logId: rawId, startLine: 1, endLine: 1 });
    assert.match(refused, /^Refused: raw-tools\.log .*not been approved/);
    assert.ok(!refused.includes('ERROR for'), 'none of its content');
    assert.deepEqual(leaked(refused), []);
    const [row] = await auditRows('ai.tool_output');
    assert.match(row?.details ?? '', /"refused":true/);
    const token = new vscode.CancellationTokenSource().token;
    const tools = lmTools(api.services);
    const approved = await tools.trcaa_logExcerpt.prepareInvocation({ input: { logId, startLine: 1, endLine: 3 } }, token);
    assert.match(String(approved.invocationMessage), /lines 1–3 of checkout-tools\.log \(redacted\)/);
    assert.ok(approved.confirmationMessages, 'a confirmation before a log excerpt is given to the model');
    const unapproved = await tools.trcaa_logExcerpt.prepareInvocation({ input: { logId: rawId } }, token);
    assert.match(String(unapproved.invocationMessage), /raw-tools\.log is not approved/);
  });

  it('@trcaa answers with the chat model from the gate\'s redacted messages only, streamed, and audits the send', async () => {
    const { model, sent } = fakeModel(['The upstream ', 'timed out.']);
    const out = new FakeStream();
    const before = (await auditRows('ai.sent')).length;
    const result = await answerChat(deps(), chatRequest(`Is ${CANARIES.typed} affected? ${issueId} log:${logId}#L2`, model), noHistory, out.stream, new vscode.CancellationTokenSource().token);
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    assert.equal(out.text, 'The upstream timed out.');
    assert.equal(sent.length, 1);
    const messages = (sent[0] as string[]).join('\n');
    assert.deepEqual(leaked(messages), []);
    assert.match(messages, /Checkout tools down for \[Email\]/);
    assert.match(messages, /Is \[Email\] affected\?/);
    assert.ok(messages.includes(`log:${logId}#L2`) && messages.includes(KEPT), 'the named line, with the kept value');
    const rows = await auditRows('ai.sent');
    assert.equal(rows.length, before + 1);
    assert.match(rows[0]?.details ?? '', /"via":"chat_participant".*"host":"vscode-lm","model":"fake-chat-model"/);
    assert.deepEqual(leaked(rows[0]?.details ?? ''), []);
    assert.deepEqual((result.metadata as { issueId?: string }).issueId, issueId);
  });

  it('@trcaa sends its own earlier turns of the chat along, redacted; another participant\'s are not sent', async () => {
    // The turn classes' constructors are private in the API's types, public at run time.
    const RequestTurn = vscode.ChatRequestTurn as unknown as new (...args: unknown[]) => vscode.ChatRequestTurn;
    const ResponseTurn = vscode.ChatResponseTurn as unknown as new (...args: unknown[]) => vscode.ChatResponseTurn;
    const answer = new vscode.ChatResponseMarkdownPart(`Earlier answer about ${CANARIES.description}`);
    const history = [
      new RequestTurn(`Earlier question from ${CANARIES.typed}`, undefined, [], PARTICIPANT_ID, []),
      new ResponseTurn([answer], {}, PARTICIPANT_ID),
      new RequestTurn('Not for TRCAA: OTHER-PARTICIPANT-TEXT', undefined, [], 'someone.else', []),
    ];
    const { model, sent } = fakeModel(['ok']);
    const result = await answerChat(deps(), chatRequest(`${issueId} and now?`, model), { history } as unknown as vscode.ChatContext, new FakeStream().stream, new vscode.CancellationTokenSource().token);
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    const messages = sent[0] as string[];
    assert.deepEqual(leaked(messages.join('\n')), []);
    assert.deepEqual(messages.slice(1, 3), ['Earlier question from [Email]', 'Earlier answer about [IPv4]']);
    assert.ok(!messages.join('\n').includes('OTHER-PARTICIPANT-TEXT'));
  });

  it('@trcaa asks which incident when the prompt names none, and refuses an unapproved log by name without calling the model', async () => {
    const { model, sent } = fakeModel(['ok']);
    const out = new FakeStream();
    await answering({ showQuickPick: (async (items: readonly { id?: string }[]) => (await items).find((item) => item.id === issueId)) as never }, () =>
      answerChat(deps(), chatRequest('What happened?', model, 'analyze'), noHistory, out.stream, new vscode.CancellationTokenSource().token),
    );
    assert.equal(sent.length, 1, 'answered about the picked incident');
    assert.match((sent[0] as string[]).join('\n'), /Checkout tools down for \[Email\]/);
    // The Issues view's selection, when the extension gives it, is used before asking.
    const selected = { issueId, target: { kind: 'issue', id: issueId, issueId } } as unknown as TreeNode;
    const noPick = () => Promise.reject(new Error('asked although an incident is selected'));
    await answering({ showQuickPick: noPick as never }, () =>
      answerChat({ ...deps(), issueSelection: () => [selected] }, chatRequest('What happened?', model), noHistory, new FakeStream().stream, new vscode.CancellationTokenSource().token),
    );
    assert.equal(sent.length, 2, 'answered about the selected incident');
    // Named by its title (quoted whole in the prompt): no question either, and the title is redacted in what is sent.
    await answering({ showQuickPick: noPick as never }, () =>
      answerChat(deps(), chatRequest(`What broke in "Checkout tools down for ${CANARIES.title}"?`, model), noHistory, new FakeStream().stream, new vscode.CancellationTokenSource().token),
    );
    assert.equal(sent.length, 3, 'answered about the incident named by its title');
    assert.deepEqual(leaked((sent[2] as string[]).join('\n')), []);

    const refusedStream = new FakeStream();
    const refused = await answerChat(deps(), chatRequest(`and log:${rawId}#L1?`, model), noHistory, refusedStream.stream, new vscode.CancellationTokenSource().token);
    assert.match(refused.errorDetails?.message ?? '', /raw-tools\.log/);
    assert.deepEqual(refusedStream.buttons.map((b) => [b.command, b.arguments]), [['trcaa.pii.reviewLog', [rawId]]]);
    assert.equal(sent.length, 3, 'the model was not called');
  });

  it('/whys proposes the next why with a button; nothing is stored until the button\'s command runs', async () => {
    const reply = '```json\n{"question": "Why did the upstream time out?", "answer": "ASSUMPTION: its pool was exhausted", "evidence": ["log:' + logId + '#L2"]}\n```';
    const { model } = fakeModel([reply]);
    const out = new FakeStream();
    const result = await answerChat(deps(), chatRequest(issueId, model, 'whys'), noHistory, out.stream, new vscode.CancellationTokenSource().token);
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    assert.match(out.text, /Why 1: Why did the upstream time out\?/);
    assert.equal((await store.steps.listLevels(issueId)).length, 0, 'nothing stored by the participant');
    const [button] = out.buttons;
    assert.equal(button?.command, ACCEPT_PROPOSAL_COMMAND);
    await vscode.commands.executeCommand(button.command, ...(button.arguments ?? []));
    const [step] = await store.steps.listLevels(issueId);
    assert.deepEqual([step?.stepOrder, step?.whyQuestion, step?.answer, step?.evidence], [1, 'Why did the upstream time out?', 'ASSUMPTION: its pool was exhausted', `log:${logId}#L2`]);
    assert.ok((await store.timeline.list(issueId)).some((event) => event.eventType === 'why_level_advanced'), 'why_level_advanced recorded');
  });

  it('/rca drafts the named section with a button that writes it into the incident\'s RCA', async () => {
    const { model, sent } = fakeModel(['```json\n{"section": "Root Cause", "markdown": "The connection pool was exhausted (log:' + logId + '#L2)."}\n```']);
    const out = new FakeStream();
    const result = await answerChat(deps(), chatRequest(`${issueId} Root Cause`, model, 'rca'), noHistory, out.stream, new vscode.CancellationTokenSource().token);
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    assert.equal(sent.length, 1, 'one section named, one request');
    assert.match((sent[0] as string[]).join('\n'), /Draft the "Root Cause" section/);
    assert.deepEqual((await store.documents.listForIssue(issueId)).length, 0, 'nothing stored by the participant');
    const [button] = out.buttons;
    assert.equal(button?.command, ACCEPT_PROPOSAL_COMMAND);
    const accepted = (await vscode.commands.executeCommand(button.command, ...(button.arguments ?? []))) as { docId: string; created: boolean };
    assert.equal(accepted.created, true, 'the RCA was generated from the template first');
    const doc = await store.documents.get(accepted.docId);
    assert.match(doc?.contentMd ?? '', /## Root Cause\n\nThe connection pool was exhausted \(log:[^)]+#L2\)\.\n\n## Log Files Analyzed/);
    // A section the RCA lacks is added at its end, in the same (newest) RCA.
    const again = (await vscode.commands.executeCommand(ACCEPT_PROPOSAL_COMMAND, { kind: 'rcaSection', issueId, section: 'Impact', markdown: 'Half the checkouts failed.' })) as { docId: string; created: boolean };
    assert.deepEqual([again.docId, again.created], [accepted.docId, false]);
    const updated = (await store.documents.get(accepted.docId))?.contentMd ?? '';
    assert.ok(updated.endsWith('## Impact\n\nHalf the checkouts failed.\n'), JSON.stringify(updated.slice(-80)));
    assert.match(updated, /## Root Cause\n\nThe connection pool was exhausted/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
