// Addresses written percent-encoded, as access logs and URLs carry them (`?email=jane.doe%40example.org`): a reader
// of the log sees the address, so it is one, found whole (synthetic values only).
import * as assert from 'node:assert/strict';
import { assertFinds, assertNothingIn, detect } from './piiCases';

describe('PII detector: percent-encoded e-mail addresses', () => {
  it('finds an address whose @ is %40, in a query string, a path and a form body', () => {
    assertFinds({ text: 'GET /reset?email=jane.doe%40example.org&next=/ HTTP/1.1', found: [['Email', 'jane.doe%40example.org']] });
    assertFinds({ text: 'GET /users/xpc_ben%40mail.example.com/calendar 200', found: [['Email', 'xpc_ben%40mail.example.com']] });
    assertFinds({ text: 'body: user=o.brien%2Bops%40corp.example.ie&remember=1', found: [['Email', 'o.brien%2Bops%40corp.example.ie']] });
  });

  it('finds one with its dots encoded too', () => {
    assertFinds({ text: 'mailto:carol%2Ediaz%40example%2Enet done', found: [['Email', 'carol%2Ediaz%40example%2Enet']] });
  });

  it('leaves no part of the address visible when redacted', () => {
    const text = 'q=jane.doe%40example.org';
    const [span] = detect(text);
    assert.ok(span);
    assert.equal(text.slice(0, span.start) + text.slice(span.end), 'q=');
  });

  it('does not take an encoded @ without a dotted domain, or a percent sign alone, for an address', () => {
    assertNothingIn('path=/v1/%40scope%2Fpkg ok');
    assertNothingIn('ref=abc%40localhost rate 15%40s');
    assertNothingIn('100%40 of 40');
  });

  it('stays linear on a run of encoded @ signs', () => {
    const text = 'a%40'.repeat(50_000);
    assert.deepEqual(detect(text), []);
  });
});

// Its siblings: a number's + (Twilio's webhooks log From=%2B14155550132), and a key's = or : inside an encoded URL
// (a redirect target holding a query: next=%2Flogin%3Fpassword%3D…).
describe('PII detector: percent-encoded phone numbers and key separators', () => {
  it('finds an international number whose + is %2B, a letter glued after it or not', () => {
    assertFinds({ text: 'POST /sms From=%2B14155550132&To=%2B442079460958x 200', found: [['Phone', '%2B14155550132'], ['Phone', '%2B442079460958']] });
  });

  it('finds an international number whose groups are joined by %20, the whole encoded number', () => {
    assertFinds({ text: 'GET /api/contact?name=bob&tel=%2B44%2020%207946%200958&ok=1 HTTP/1.1', found: [['Phone', '%2B44%2020%207946%200958']] });
    assertFinds({ text: 'body: phone=%2B1%20415%20555%200132', found: [['Phone', '%2B1%20415%20555%200132']] });
    assertFinds({ text: 'q=+33%206%2039%2098%2002%2098&x', found: [['Phone', '+33%206%2039%2098%2002%2098']] }); // the + as it is
    // Past E.164's 15 digits, the groups after are not part of it: the 2 and 0 of each %20 are not digits of it.
    assertFinds({ text: 'tel=%2B1%20415%20555%200132%205678%209012%203456', found: [['Phone', '%2B1%20415%20555%200132%205678']] });
    // A form body encodes spaces as + (and the number's own + as %2B): a field's value may be joined by +.
    assertFinds({ text: 'POST /signup body: name=Bob&phone=%2B44+20+7946+0958&ok=1', found: [['Phone', '%2B44+20+7946+0958']] });
    assertFinds({ text: 'phone=%2B1+415+555+0132', found: [['Phone', '%2B1+415+555+0132']] });
    // A trailing %20 (a space before the next word) is not part of it.
    assertFinds({ text: 'to=%2B14155550132%20thanks', found: [['Phone', '%2B14155550132']] });
  });

  it('finds a national number after a phone word with its groups joined by %20 (or a form body\'s +) and its area code in %28 %29', () => {
    assertFinds({ text: 'GET /contact?phone=%28415%29%20555-0134&name=x HTTP/1.1', found: [['Phone', '%28415%29%20555-0134']] });
    assertFinds({ text: 'GET /c?phone=415%20555%200134&x=1', found: [['Phone', '415%20555%200134']] });
    assertFinds({ text: 'POST /signup body: name=Bob&mobile=0491+570+518&ok=1', found: [['Phone', '0491+570+518']] });
    assertFinds({ text: 'tel=%2806%29%2039%2098%2002%2098%20thanks', found: [['Phone', '%2806%29%2039%2098%2002%2098']] });
  });

  it('does not count the digits of %20, %28 and %29 in a national number after a phone word', () => {
    assertNothingIn('phone=12%2034%2056&x=1');
    assertNothingIn('tel=%2812%29%2034&x=1');
    assertNothingIn('phone=12+34+56&x=1');
  });

  it('does not count the digits of %20 in the shortest number', () => {
    // +1 234 5678: 8 digits read as written, but 6 digits once the encoded spaces are spaces.
    assertNothingIn('n=%2B1%202345%206');
    assertNothingIn('n=%2B12%2034%2056');
    // Sums are no numbers joined by +: only a field's value (after =) is read so.
    assertNothingIn('total +100+200+300+400 items');
    assertNothingIn('n=%2B12+34+56');
  });

  it('finds a secret whose key and value are joined by %3D or %3A', () => {
    assertFinds({ text: 'GET /auth?next=%2Flogin%3Fpassword%3Dhunter2x HTTP/1.1', found: [['Password', 'hunter2x']] });
    assertFinds({ text: 'GET /cb?next=%2Fapi%3Fpassword%3Ahunter2x HTTP/1.1', found: [['Password', 'hunter2x']] });
  });

  it('leaves encoded numbers and separators that are no personal data alone', () => {
    assertNothingIn('size=%2B1234 ratio%3D2 t%3A12%3A30');
  });
});

// JSON percent-encoded in a URL or a form body (?filter=%7B%22password%22%3A%22…%22%7D): its quotes are %22.
describe('PII detector: percent-encoded JSON', () => {
  it("finds a secret-named key's value between %22 quotes, with or without an encoded space", () => {
    assertFinds({ text: 'GET /login?body=%7B%22password%22%3A%22S3cretJson1%22%7D HTTP/1.1', found: [['Password', 'S3cretJson1']] });
    assertFinds({ text: 'q=%22password%22%3A%20%22S3cret%20Json2%22&x=1', found: [['Password', 'S3cret%20Json2']] });
    assertFinds({ text: 'data=%7B%22api_key%22%3A%22Q7x9Lm2Pz8Rt4Wv6Ny3K%22%7D', found: [['ApiKey', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] });
    assertFinds({ text: 'data=%7B%22password%22%3A%22S3cretCut', found: [['Password', 'S3cretCut']] }); // cut short
  });

  it('an empty value, or a key that only ends in the hex digits of an escape, is none', () => {
    assertNothingIn('data=%7B%22password%22%3A%22%22%7D');
    assertNothingIn('data=%7B%22username%22%3A%22bob%22%7D');
  });
});
