// Spans over the same range with different replacements (a value detected twice, a selection redacted by hand over
// a detected value): which replacement is shown must not depend on the order they come in. The database returns
// such spans in no defined order, and the redacted view (StreamingRedactor), the AI context (redactText) and the
// export must all show the same text.
import * as assert from 'node:assert/strict';
import { mergeSpans, RedactingStream, redactText } from '../../../../src/core/pii/redact';
import type { RedactionSpan } from '../../../../src/core/pii/redact';
import { StreamingRedactor } from '../../../../src/core/pii/redact';

const text = 'mail jane.doe@example.org now';
const email: RedactionSpan = { start: 5, end: 25, replacement: '[Email]' };
const byHand: RedactionSpan = { start: 5, end: 25, replacement: '[Redacted]' };
const shorter: RedactionSpan = { start: 5, end: 13, replacement: '[Name]' };

function streamed(spans: RedactionSpan[]): string {
  const stream = new RedactingStream(spans);
  return stream.push(text.slice(0, 10)) + stream.push(text.slice(10)) + stream.end();
}

function storeStreamed(spans: RedactionSpan[]): string {
  const redactor = new StreamingRedactor(spans);
  return redactor.push(text.slice(0, 10)) + redactor.push(text.slice(10)) + redactor.end();
}

describe('redaction: spans starting at the same place', () => {
  it('the same range with two replacements gives one text, whatever the order', () => {
    const expected = redactText(text, [email, byHand]);
    assert.equal(redactText(text, [byHand, email]), expected);
    assert.equal(streamed([email, byHand]), expected);
    assert.equal(streamed([byHand, email]), expected);
    assert.equal(storeStreamed([email, byHand]), expected);
    assert.equal(storeStreamed([byHand, email]), expected);
    assert.deepEqual(mergeSpans([byHand, email]), mergeSpans([email, byHand]));
  });

  it('of three or more over one range, the replacement that sorts first (code-unit order) is shown, in every order', () => {
    const spans = ['[C]', '[A]', '[B]'].map((replacement) => ({ start: 5, end: 25, replacement }));
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const order of orders) {
      const ordered = order.map((k) => spans[k] as RedactionSpan);
      assert.equal(redactText(text, ordered), 'mail [A] now', String(order));
      assert.equal(streamed(ordered), 'mail [A] now', String(order));
      assert.equal(storeStreamed(ordered), 'mail [A] now', String(order));
    }
    assert.equal(redactText(text, [email, byHand]), 'mail [Email] now');
  });

  it('a span starting at or after the end of the text shows nothing, streamed or not', () => {
    for (const start of [text.length, text.length + 3]) {
      const span = { start, end: start + 5, replacement: '[X]' };
      assert.equal(redactText(text, [span]), text);
      assert.equal(streamed([span]), text);
      assert.equal(storeStreamed([span]), text);
    }
  });

  it('of two spans starting together, the longer one gives the replacement, whatever the order', () => {
    assert.equal(redactText(text, [shorter, email]), 'mail [Email] now');
    assert.equal(redactText(text, [email, shorter]), 'mail [Email] now');
    assert.equal(streamed([shorter, email]), 'mail [Email] now');
  });
});
