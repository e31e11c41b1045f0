// Publishing to Confluence Cloud (REST v2) and Data Center (REST v1) against the in-repo fake, which checks every
// request as Confluence would: a page created, then updated in place (version + 1), never duplicated; a page edited
// in Confluence since is not overwritten unless asked; and each failure gives a message naming what to fix.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkConfluence, publishPage } from '../../../../src/core/integrations/confluence';
import { IntegrationError } from '../../../../src/core/integrations/errors';
import type { ServiceConnection } from '../../../../src/core/integrations/http';
import { FakeConfluence } from '../../../support/fakeIntegrations';

const TOKEN = 'atl-token-0123456789abcdef';
const EMAIL = 'sre@example.com';

async function refused(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof IntegrationError, `an IntegrationError, not ${String(error)}`);
  return error;
}

for (const flavour of ['cloud', 'datacenter'] as const) {
  describe(`Confluence ${flavour}: publishing a page`, () => {
    let fake: FakeConfluence;
    let connection: ServiceConnection;

    beforeEach(async () => {
      fake = await FakeConfluence.start({ flavour, ...(flavour === 'cloud' ? { email: EMAIL } : {}), token: TOKEN, spaces: ['OPS'] });
      connection = { service: 'confluence', baseUrl: fake.baseUrl, ...(flavour === 'cloud' ? { username: EMAIL } : {}), token: TOKEN };
    });
    afterEach(async () => {
      assert.deepEqual(fake.violations, [], 'every request was as Confluence documents it');
      await fake.close();
    });

    it('creates the page, then publishing again updates the same page to version 2', async () => {
      const first = await publishPage(connection, { spaceKey: 'OPS', title: 'RCA: Checkout 502s', storage: '<p>v1</p>' });
      assert.equal(first.created, true);
      assert.equal(first.version, 1);
      assert.equal(fake.pages.size, 1);
      assert.equal(fake.pages.get(first.pageId)?.storage, '<p>v1</p>');
      assert.ok(first.url.startsWith(fake.origin) && first.url.includes(first.pageId), first.url);
      assert.equal(fake.bodies().at(-1), first.sentBody, 'sentBody is exactly what was sent');

      const second = await publishPage(connection, { spaceKey: 'OPS', title: 'RCA: Checkout 502s', storage: '<p>v2</p>', previous: { pageId: first.pageId, version: first.version } });
      assert.deepEqual([second.pageId, second.version, second.created], [first.pageId, 2, false]);
      assert.equal(fake.pages.size, 1, 'no duplicate page');
      assert.equal(fake.pages.get(first.pageId)?.storage, '<p>v2</p>');
      const update = fake.requests.at(-1);
      assert.equal(update?.method, 'PUT');
    });

    it('a title over Confluence\'s 255 characters is cut to fit, between characters, ending in …', async () => {
      const title = `RCA: ${'checkout latency '.repeat(20)}😀 tail`;
      const page = await publishPage(connection, { spaceKey: 'OPS', title, storage: '<p>v1</p>' });
      const stored = fake.pages.get(page.pageId)!.title;
      assert.equal(stored.length, 255);
      assert.ok(stored.endsWith('…') && title.startsWith(stored.slice(0, -1)), stored);
    });

    it('does not overwrite a page edited in Confluence since, unless told to', async () => {
      const first = await publishPage(connection, { spaceKey: 'OPS', title: 'Post-mortem', storage: '<p>ours</p>' });
      fake.editInConfluence(first.pageId);
      const error = await refused(publishPage(connection, { spaceKey: 'OPS', title: 'Post-mortem', storage: '<p>again</p>', previous: { pageId: first.pageId, version: 1 } }));
      assert.equal(error.kind, 'conflict');
      assert.equal(error.details.remoteVersion, 2);
      assert.match(error.message, /edited since TRCAA published it/);
      assert.equal(fake.pages.get(first.pageId)?.version, 2, 'nothing written');
      const forced = await publishPage(connection, { spaceKey: 'OPS', title: 'Post-mortem', storage: '<p>again</p>', previous: { pageId: first.pageId, version: 1 }, overwrite: true });
      assert.equal(forced.version, 3);
      assert.equal(fake.pages.get(first.pageId)?.storage, '<p>again</p>');
    });

    it('publishes a new page when the one published before was deleted in Confluence', async () => {
      const first = await publishPage(connection, { spaceKey: 'OPS', title: 'RCA', storage: '<p>1</p>' });
      fake.pages.delete(first.pageId);
      const again = await publishPage(connection, { spaceKey: 'OPS', title: 'RCA', storage: '<p>2</p>', previous: { pageId: first.pageId, version: 1 } });
      assert.equal(again.created, true);
      assert.notEqual(again.pageId, first.pageId);
    });

    it('a 409 from Confluence (someone wrote between the read and the write) is a conflict, not a crash', async () => {
      const first = await publishPage(connection, { spaceKey: 'OPS', title: 'RCA', storage: '<p>1</p>' });
      // The read says version 1; the write meets version 2: the fake answers 409 as Confluence does.
      const read = publishPage(connection, { spaceKey: 'OPS', title: 'RCA', storage: '<p>2</p>', previous: { pageId: first.pageId, version: 1 } });
      fake.failNext({ status: 200, body: { id: first.pageId, version: { number: 1 }, title: 'RCA', status: 'current' } });
      fake.editInConfluence(first.pageId);
      const error = await refused(read);
      assert.equal(error.kind, 'conflict');
      assert.equal(error.details.status, 409);
    });

    it('says which space is missing, and Test Connection checks the space', async () => {
      const error = await refused(publishPage(connection, { spaceKey: 'NOPE', title: 'RCA', storage: '<p>x</p>' }));
      assert.equal(error.kind, 'notFound');
      assert.match(error.message, flavour === 'cloud' ? /no space with the key NOPE/ : /found nothing/);
      assert.match(await checkConfluence(connection, 'OPS'), /space OPS is reachable/);
      assert.equal((await refused(checkConfluence(connection, 'NOPE'))).kind, 'notFound');
    });

    it('a refused token: "auth", and the token appears in no message', async () => {
      const error = await refused(publishPage({ ...connection, token: 'wrong-token-xyz' }, { spaceKey: 'OPS', title: 'RCA', storage: '<p>x</p>' }));
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /refused the credentials \(401\).*Configure Integration/);
      assert.doesNotMatch(error.message, /wrong-token-xyz|atl-token/);
      assert.equal(fake.pages.size, 0);
    });
  });
}

describe('Confluence: failures on the way', () => {
  let fake: FakeConfluence;
  let connection: ServiceConnection;
  beforeEach(async () => {
    fake = await FakeConfluence.start({ flavour: 'datacenter', token: TOKEN, spaces: ['OPS'] });
    connection = { service: 'confluence', baseUrl: fake.baseUrl, token: TOKEN };
  });
  afterEach(() => fake.close());

  const publish = (c = connection) => publishPage(c, { spaceKey: 'OPS', title: 'RCA', storage: '<p>x</p>' });

  it('waits once for a short Retry-After on 429, then succeeds', async () => {
    const waits: number[] = [];
    fake.failNext({ status: 429, headers: { 'Retry-After': '2' } });
    const page = await publish({ ...connection, sleep: async (ms) => void waits.push(ms) });
    assert.deepEqual(waits, [2000]);
    assert.equal(page.version, 1);
  });

  it('gives up on a long Retry-After, saying when to try again', async () => {
    fake.failNext({ status: 429, headers: { 'Retry-After': '120' } });
    const error = await refused(publish());
    assert.equal(error.kind, 'rateLimited');
    assert.match(error.message, /Try again in 120 s/);
  });

  it('5xx, 403, a redirect and an HTML login page each give their message, quoting Confluence without the token', async () => {
    fake.failNext({ status: 503, body: { statusCode: 503, message: `Maintenance (token ${TOKEN})` } });
    const server = await refused(publish());
    assert.equal(server.kind, 'server');
    assert.match(server.message, /Maintenance \(token \[redacted\]\)/);
    fake.failNext({ status: 403, body: { statusCode: 403, message: 'Not permitted to add pages' } });
    assert.match((await refused(publish())).message, /does not let this account .* \(403\).*Not permitted/);
    fake.failNext({ status: 302, headers: { Location: 'https://evil.example/' } });
    assert.equal((await refused(publish())).kind, 'redirect');
    fake.failNext({ status: 200, raw: '<html><body>Log in</body></html>' });
    const login = await refused(publish());
    assert.equal(login.kind, 'malformed');
    assert.match(login.message, /not JSON: is the base URL the service's API/);
  });

  it('refuses plain http to another computer before any request, and times out on a silent server', async () => {
    const insecure = await refused(publish({ ...connection, baseUrl: 'http://confluence.example.com' }));
    assert.equal(insecure.kind, 'insecureUrl');
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const timeout = await refused(publish({ ...connection, baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200 }));
      assert.equal(timeout.kind, 'timeout');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('Confluence: the page’s link when the reply has none', () => {
  // Confluence Cloud answering without _links: the link is built from the base URL the user pasted.
  const replies = [{ results: [{ id: '42' }] }, { id: '1001', version: { number: 1 } }];
  for (const baseUrl of ['https://acme.atlassian.net', 'https://acme.atlassian.net/', 'https://acme.atlassian.net/wiki', 'https://acme.atlassian.net/wiki/']) {
    it(`links to the page once under /wiki from ${baseUrl}`, async () => {
      let call = 0;
      const fetch = async () => new Response(JSON.stringify(replies[Math.min(call++, replies.length - 1)]), { status: 200, headers: { 'content-type': 'application/json' } });
      const page = await publishPage({ service: 'confluence', baseUrl, username: EMAIL, token: TOKEN, fetch }, { spaceKey: 'OPS', title: 'RCA', storage: '<p>x</p>' });
      assert.equal(page.url, 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=1001');
    });
  }
});
