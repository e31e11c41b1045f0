// Conversations and messages per incident: stored as typed and received, token counts from the provider's usage
// (or an estimate, flagged), answers cut mid-stream kept and marked, and every write reported as a change.
import * as assert from 'node:assert/strict';
import { useTestStore } from '../storage/repositories/testStore';

describe('AI conversations store', () => {
  const t = useTestStore('trcaa-ai-store-');

  const setup = () => {
    const { store, db, clock } = t();
    const issue = store.issues.create({ title: 'Checkout 503', severity: 'high' });
    db.takeChanges();
    return { store, db, clock, issue };
  };

  it('creates, lists with message counts, renames and deletes conversations per incident', () => {
    const { store, clock, issue } = setup();
    const first = store.ai.create(issue.id, { title: '  First   look ', provider: 'ollama', model: 'llama3' });
    clock.advance(1000);
    const second = store.ai.create(issue.id, { provider: 'openai', model: 'gpt-4o' });
    assert.equal(first.title, 'First look');
    assert.equal(second.title, 'New conversation');
    store.ai.appendMessage(first.id, { role: 'user', content: 'hello' });
    store.ai.appendMessage(first.id, { role: 'assistant', content: 'hi there' });
    const listed = store.ai.listForIssue(issue.id);
    assert.deepEqual(listed.map((c) => [c.title, c.messageCount]), [['New conversation', 0], ['First look', 2]]);
    assert.equal(store.ai.rename(second.id, 'Pool exhaustion').title, 'Pool exhaustion');
    assert.equal(store.ai.get(second.id)?.title, 'Pool exhaustion');
    assert.throws(() => store.ai.rename(second.id, 'x'.repeat(201)), /at most 200/);
    assert.equal(store.ai.delete(first.id), true);
    assert.equal(store.ai.delete(first.id), false);
    assert.deepEqual(store.ai.listForIssue(issue.id).map((c) => c.id), [second.id]);
    assert.throws(() => store.ai.messages(first.id), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    assert.throws(() => store.ai.create('no-such-issue', { provider: 'openai', model: 'm' }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
  });

  it('keeps messages in order with token counts from usage, estimates flagged, cut answers marked', () => {
    const { store, clock, issue } = setup();
    const conversation = store.ai.create(issue.id, { provider: 'openai', model: 'gpt-4o' });
    store.ai.appendMessage(conversation.id, { role: 'user', content: 'Why is checkout failing?' });
    store.ai.appendMessage(conversation.id, { role: 'assistant', content: 'Pool exhausted.', usage: { promptTokens: 812, completionTokens: 42, estimated: false } });
    clock.advance(0); // same second: insertion order decides
    store.ai.appendMessage(conversation.id, { role: 'user', content: 'And then?' });
    store.ai.appendMessage(conversation.id, { role: 'assistant', content: 'It was cut he', incomplete: true, incompleteReason: 'The connection closed mid-answer.' });
    const messages = store.ai.messages(conversation.id);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.deepEqual(messages.map((m) => m.content), ['Why is checkout failing?', 'Pool exhausted.', 'And then?', 'It was cut he']);
    const [question, answer, , cut] = messages;
    assert.deepEqual([answer?.tokenCount, answer?.tokenEstimated, answer?.promptTokens], [42, false, 812]);
    assert.deepEqual([question?.tokenCount, question?.tokenEstimated], [6, true]); // 24 chars / 4
    assert.deepEqual([cut?.incomplete, cut?.incompleteReason, cut?.tokenEstimated, cut?.tokenCount], [true, 'The connection closed mid-answer.', true, 4]);
    assert.equal(answer?.incomplete, false);
    assert.equal(store.ai.deleteMessage(cut?.id as string), true);
    assert.equal(store.ai.messages(conversation.id).length, 3);
  });

  it('reports each write as a conversation or aiMessage change of its incident', () => {
    const { store, db, issue } = setup();
    const conversation = store.ai.create(issue.id, { provider: 'openai', model: 'm' });
    assert.deepEqual(db.takeChanges(), [{ entity: 'conversation', kind: 'created', ids: [conversation.id], issueId: issue.id }]);
    const message = store.ai.appendMessage(conversation.id, { role: 'user', content: 'hi' });
    assert.deepEqual(db.takeChanges(), [{ entity: 'aiMessage', kind: 'created', ids: [message.id], issueId: issue.id }]);
    store.ai.rename(conversation.id, 'Renamed');
    assert.deepEqual(db.takeChanges(), [{ entity: 'conversation', kind: 'updated', ids: [conversation.id], issueId: issue.id }]);
    store.ai.deleteMessage(message.id);
    assert.deepEqual(db.takeChanges(), [{ entity: 'aiMessage', kind: 'deleted', ids: [message.id], issueId: issue.id }]);
    store.ai.delete(conversation.id);
    assert.deepEqual(db.takeChanges(), [{ entity: 'conversation', kind: 'deleted', ids: [conversation.id], issueId: issue.id }]);
    // Reads report nothing.
    store.ai.listForIssue(issue.id);
    assert.deepEqual(db.takeChanges(), []);
  });

  it('reports a send as the user message and the egress audit row of the incident', async () => {
    const { store, db, issue } = setup();
    const conversation = store.ai.create(issue.id, { provider: 'openai', model: 'm' });
    db.takeChanges();
    const sent = await store.aiGate.prepareSend({ conversationId: conversation.id, text: 'hello', provider: { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llama3' } });
    const changes = db.takeChanges();
    assert.deepEqual(changes.find((c) => c.entity === 'aiMessage'), { entity: 'aiMessage', kind: 'created', ids: [sent.userMessage?.id], issueId: issue.id });
    assert.deepEqual(changes.find((c) => c.entity === 'egress'), { entity: 'egress', kind: 'created', ids: [sent.auditId], issueId: issue.id });
    // The conversation now names the provider and model it last used.
    assert.deepEqual(changes.find((c) => c.entity === 'conversation'), { entity: 'conversation', kind: 'updated', ids: [conversation.id], issueId: issue.id });
    assert.deepEqual([store.ai.get(conversation.id)?.provider, store.ai.get(conversation.id)?.model], ['ollama', 'llama3']);
    // Deleting the incident takes its conversations along.
    store.issues.delete(issue.id);
    assert.equal(store.ai.get(conversation.id), null);
  });
});
