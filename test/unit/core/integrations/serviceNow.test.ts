// ServiceNow's Table API against the in-repo fake: create (201 + Location + result.sys_id/number), update, resolve
// with the root cause as close notes; severity as impact/urgency; Basic auth; failures with their message.
import * as assert from 'node:assert/strict';
import type { IntegrationError } from '../../../../src/core/integrations/errors';
import type { ServiceConnection } from '../../../../src/core/integrations/http';
import { checkServiceNow, createIncident, priorityFor, resolveIncident, updateIncident } from '../../../../src/core/integrations/serviceNow';
import { FakeServiceNow } from '../../../support/fakeIntegrations';

describe('ServiceNow incidents', () => {
  let fake: FakeServiceNow;
  let connection: ServiceConnection;
  beforeEach(async () => {
    fake = await FakeServiceNow.start({ user: 'trcaa.bot', password: 'pw-0123456789' });
    connection = { service: 'servicenow', baseUrl: fake.baseUrl, username: 'trcaa.bot', token: 'pw-0123456789' };
  });
  afterEach(async () => {
    assert.deepEqual(fake.violations, []);
    await fake.close();
  });

  it('creates the incident, keeps its number and sys_id, then updates and resolves the same record', async () => {
    const created = await createIncident(connection, { shortDescription: 'Checkout 502s', description: 'Since 10:02 UTC', severity: 'critical' });
    assert.match(created.number, /^INC\d+$/);
    const stored = fake.incidents.get(created.sysId);
    assert.deepEqual([stored?.short_description, stored?.description, stored?.impact, stored?.urgency], ['Checkout 502s', 'Since 10:02 UTC', '1', '1']);
    assert.equal(fake.requests.at(-1)?.bodyText, created.sentBody);
    assert.ok(created.url.startsWith(fake.baseUrl) && created.url.includes(created.sysId));

    const updated = await updateIncident(connection, created, { shortDescription: 'Checkout 502s (EU)', description: 'Root cause found', severity: 'low' });
    assert.equal(updated.number, created.number);
    assert.deepEqual([stored?.short_description, stored?.impact, stored?.urgency], ['Checkout 502s (EU)', '3', '3']);
    assert.equal(fake.incidents.size, 1, 'updated, not created again');

    await resolveIncident(connection, created, 'The pool was shrunk by the 10:00 deploy.');
    assert.deepEqual([stored?.state, stored?.close_code, stored?.close_notes], ['6', 'Solution provided', 'The pool was shrunk by the 10:00 deploy.']);
    assert.match(await checkServiceNow(connection), /reachable/);
  });

  it('maps severity to ServiceNow priority (impact, urgency), unknown as medium; long titles are cut to 160', async () => {
    assert.deepEqual(['critical', 'high', 'medium', 'low', 'odd'].map((s) => priorityFor(s)), [
      { impact: '1', urgency: '1' }, { impact: '1', urgency: '2' }, { impact: '2', urgency: '2' }, { impact: '3', urgency: '3' }, { impact: '2', urgency: '2' },
    ]);
    const created = await createIncident(connection, { shortDescription: 'x'.repeat(300), description: '', severity: 'high' });
    assert.equal(fake.incidents.get(created.sysId)?.short_description.length, 160);
  });

  it('cuts a long title between characters, never inside an emoji', async () => {
    const created = await createIncident(connection, { shortDescription: `${'a'.repeat(158)}😀 tail`, description: '', severity: 'high' });
    assert.equal(fake.incidents.get(created.sysId)?.short_description, `${'a'.repeat(158)}…`);
    assert.doesNotMatch(created.sentBody, /\\ud83d(?!\\ude00)/i, 'no half of a surrogate pair is sent');
  });

  it('a wrong password, a missing user name and an unknown record each give their message', async () => {
    const auth = await createIncident({ ...connection, token: 'nope-nope' }, { shortDescription: 'x', description: '', severity: 'low' }).then(() => assert.fail("expected a failure"), (e: unknown) => e as IntegrationError);
    assert.equal(auth.kind, 'auth');
    assert.doesNotMatch(auth.message, /nope-nope|pw-0123/);
    const noUser = await createIncident({ ...connection, username: null }, { shortDescription: 'x', description: '', severity: 'low' }).then(() => assert.fail("expected a failure"), (e: unknown) => e as IntegrationError);
    assert.equal(noUser.kind, 'notConfigured');
    assert.equal(fake.requests.length, 1, 'nothing sent without a user name');
    const gone = await updateIncident(connection, { sysId: 'f'.repeat(32), number: 'INC0000000' }, { shortDescription: 'x', description: '', severity: 'low' }).then(() => assert.fail("expected a failure"), (e: unknown) => e as IntegrationError);
    assert.equal(gone.kind, 'notFound');
    assert.match(gone.message, /update incident INC0000000.*No Record found/);
  });
});
