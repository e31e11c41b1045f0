// The webview channel's pure parts: the handshake, validation with the envelope's id taken off, and the queue of
// messages for a page that has not said ready.
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { errorText, Outbox, receive } from '../../../src/webview/host/messages';

const schema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('ask'), question: z.string().max(10) }), z.strictObject({ type: z.literal('ping') })]);

describe('webview channel messages', () => {
  it('ready is the handshake, whatever the panel\'s schema', () => {
    assert.deepEqual(receive(schema, { type: 'ready' }), { kind: 'ready' });
    assert.equal(receive(schema, { type: 'ready', extra: 1 }).kind, 'invalid');
  });

  it('a request\'s id is taken off before validation and kept for the reply', () => {
    assert.deepEqual(receive(schema, { type: 'ask', question: 'why?', id: 7 }), { kind: 'message', message: { type: 'ask', question: 'why?' }, id: 7 });
    assert.deepEqual(receive(schema, { type: 'ping' }), { kind: 'message', message: { type: 'ping' } });
  });

  it('a bad message is invalid with where it went wrong, never its content; its id is kept so the page hears back', () => {
    const bad = receive(schema, { type: 'ask', question: 'a secret that is too long', id: 3 });
    assert.equal(bad.kind, 'invalid');
    assert.equal(bad.kind === 'invalid' && bad.id, 3);
    assert.ok(bad.kind === 'invalid' && bad.where.includes('question') && !bad.where.includes('secret'), JSON.stringify(bad));
    for (const raw of [null, 'ask', 42, [], { type: 'drop' }, { type: 'ask', question: 'q', extra: true }, { type: 'ping', id: -1 }, { type: 'ping', id: 'x' }]) {
      assert.equal(receive(schema, raw).kind, 'invalid', JSON.stringify(raw));
    }
  });

  it('the outbox keeps messages until the page says ready, in order, and again after it was hidden', () => {
    const outbox = new Outbox<string>();
    assert.equal(outbox.offer('a'), undefined);
    assert.equal(outbox.offer('b'), undefined);
    assert.deepEqual(outbox.openAndDrain(), ['a', 'b']);
    assert.equal(outbox.offer('c'), 'c', 'sent at once while the page listens');
    outbox.close();
    assert.equal(outbox.offer('d'), undefined);
    assert.deepEqual(outbox.openAndDrain(), ['d']);
    assert.deepEqual(outbox.openAndDrain(), []);
  });

  it('errors reach the page as their sentence', () => {
    assert.equal(errorText(new Error('That issue no longer exists.')), 'That issue no longer exists.');
    assert.equal(errorText('plain'), 'plain');
    assert.equal(errorText(new Error('')), 'That did not work.');
  });
});
