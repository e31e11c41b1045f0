// Values inside JSON strings written with \u escapes, as Go's encoder writes container logs (`&` → \u0026,
// `<` → \u003c): the reader of the log sees the character, so the detector reads it too (synthetic values only).
import * as assert from 'node:assert/strict';
import { redactText } from '../../../../src/core/pii/redact';
import { allTypes, detect } from './piiCases';

const redacted = (text: string) => redactText(text, detect(text, allTypes));

describe('PII detector: values written with JSON \\u escapes', () => {
  it('a URL whose password holds an escaped & is hidden whole', () => {
    const text = '{"msg":"conn postgres://app:p\\u0026ss@db.example.com/x","level":"info"}';
    assert.equal(redacted(text), '{"msg":"conn [URL]","level":"info"}');
  });

  it('an address between escaped angle brackets is found without the escape', () => {
    const text = '{"log":"user \\u003cjane.doe@example.org\\u003e logged in"}';
    assert.equal(redacted(text), '{"log":"user \\u003c[Email]\\u003e logged in"}');
  });

  it('an address written entirely with escapes is found', () => {
    const text = '{"user":"jane.doe\\u0040example.org"}';
    assert.equal(redacted(text), '{"user":"[Email]"}');
  });

  it('a password with an escaped character is hidden whole', () => {
    const text = '{"log":"login password=Tr0ub\\u00264dor ok"}';
    assert.equal(redacted(text), '{"log":"login password=[Password] ok"}');
  });

  it('escapes alone are not personal data', () => {
    assert.deepEqual(detect('{"log":"a \\u003cb\\u003e \\u0026 c \\u00e9t\\u00e9"}', allTypes), []);
  });
});

// nginx writes a logged request body's quotes and backslashes, and any byte outside printable ASCII, as \xHH
// (log_format's default escaping): a JSON login body reads {\x22password\x22:\x22…\x22}.
describe('PII detector: values written with nginx \\x escapes', () => {
  it("a logged request body's password, user and address are hidden", () => {
    const text = '10.0.0.1 - - [07/Dec/2026:10:00:00 +0000] "POST /login HTTP/1.1" 200 12 "{\\x22username\\x22:\\x22bob\\x22,\\x22email\\x22:\\x22jane@example.org\\x22,\\x22password\\x22:\\x22S3cretNginx1\\x22}"';
    assert.equal(redacted(text), '[IPv4] - - [07/Dec/2026:10:00:00 +0000] "POST /login HTTP/1.1" 200 12 "{\\x22username\\x22:\\x22bob\\x22,\\x22email\\x22:\\x22[Email]\\x22,\\x22password\\x22:\\x22[Password]\\x22}"');
  });

  it('a password holding an escaped backslash is hidden whole', () => {
    const text = 'body "password=ab\\x5Ccd user=x"';
    assert.equal(redacted(text), 'body "password=[Password] user=x"');
  });

  it('escapes alone, and a \\x without two hex digits, are not personal data', () => {
    assert.deepEqual(detect('"\\x22\\x5C\\x0A" \\xZZ \\x2', allTypes), []);
  });
});

describe('PII detector: values written with XML and HTML character references', () => {
  it('a SOAP body logged inside XML: the escaped elements read as elements', () => {
    const text = '<soap:Body>&lt;Login&gt;&lt;User&gt;erin@example.com&lt;/User&gt;&lt;Password&gt;S0ap!Pass&lt;/Password&gt;&lt;/Login&gt;</soap:Body>';
    assert.equal(redacted(text), '<soap:Body>&lt;Login&gt;&lt;User&gt;[Email]&lt;/User&gt;&lt;Password&gt;[Password]&lt;/Password&gt;&lt;/Login&gt;</soap:Body>');
  });

  it('JSON in an attribute, a query string in a page, a quoted token, a phone with &#43;', () => {
    assert.equal(redacted('<Data>{&quot;password&quot;:&quot;Xml!Json1&quot;}</Data>'), '<Data>{&quot;password&quot;:&quot;[Password]&quot;}</Data>');
    assert.equal(redacted('<a href="/cb?user=x&amp;password=Amp!Pass2&amp;next=1">'), '<a href="/cb?user=x&amp;password=[Password]&amp;next=1">');
    assert.equal(redacted("token=&#39;ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789&#39;</pre>"), 'token=&#39;[GitHubToken]&#39;</pre>');
    assert.equal(redacted('<td>phone &#43;44 20 7946 0958</td>'), '<td>phone [Phone]</td>');
  });
});
