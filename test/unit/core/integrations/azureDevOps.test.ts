// Azure DevOps work items against the in-repo fake: JSON Patch with the documented content type, the PAT as Basic
// with an empty user name, the type configurable, corrective actions as child tasks linked to the parent.
import * as assert from 'node:assert/strict';
import { checkAzureDevOps, createWorkItem, updateWorkItem } from '../../../../src/core/integrations/azureDevOps';
import type { IntegrationError } from '../../../../src/core/integrations/errors';
import type { ServiceConnection } from '../../../../src/core/integrations/http';
import { FakeAzureDevOps } from '../../../support/fakeIntegrations';

describe('Azure DevOps work items', () => {
  let fake: FakeAzureDevOps;
  let connection: ServiceConnection;
  beforeEach(async () => {
    fake = await FakeAzureDevOps.start({ project: 'Payments Platform', pat: 'ado-pat-0123456789' });
    connection = { service: 'azuredevops', baseUrl: fake.baseUrl, token: 'ado-pat-0123456789' };
  });
  afterEach(async () => {
    assert.deepEqual(fake.violations, []);
    await fake.close();
  });

  it('creates a Bug with its severity, child tasks under it, then updates the Bug in place', async () => {
    const bug = await createWorkItem(connection, 'Payments Platform', 'Bug', { title: 'Checkout 502s', descriptionHtml: '<p>RCA</p>', severity: 'high' });
    const stored = fake.items.get(bug.id);
    assert.deepEqual([stored?.type, stored?.fields['System.Title'], stored?.fields['Microsoft.VSTS.Common.Severity']], ['Bug', 'Checkout 502s', '2 - High']);
    assert.match(bug.url, /_workitems\/edit\/\d+$/);
    assert.equal(fake.requests.at(-1)?.headers['content-type'], 'application/json-patch+json');
    assert.equal(fake.requests.at(-1)?.bodyText, bug.sentBody);

    const task = await createWorkItem(connection, 'Payments Platform', 'Task', { title: 'Alert on pool saturation', descriptionHtml: '' }, bug);
    assert.equal(fake.items.get(task.id)?.parentId, bug.id);
    assert.equal(fake.items.get(task.id)?.fields['Microsoft.VSTS.Common.Severity'], undefined, 'severity only on a Bug');

    const updated = await updateWorkItem(connection, 'Payments Platform', bug.id, 'Bug', { title: 'Checkout 502s (fixed)', descriptionHtml: '<p>RCA v2</p>', severity: 'low' });
    assert.equal(updated.id, bug.id);
    assert.equal(updated.rev, 2);
    assert.equal(fake.items.size, 2);
    assert.match(await checkAzureDevOps(connection, 'Payments Platform'), /reachable/);
  });

  it('cuts a title longer than 255 between characters, never inside an emoji', async () => {
    const item = await createWorkItem(connection, 'Payments Platform', 'Bug', { title: `${'b'.repeat(254)}😀`, descriptionHtml: '' });
    assert.equal(fake.items.get(item.id)?.fields['System.Title'], `${'b'.repeat(254)}…`);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(String(fake.items.get(item.id)?.fields['System.Title'])));
  });

  it('each type is its own endpoint; a project is required; a refused PAT gives "auth"', async () => {
    for (const type of ['Issue', 'Incident'] as const) {
      const item = await createWorkItem(connection, 'Payments Platform', type, { title: type, descriptionHtml: '' });
      assert.equal(fake.items.get(item.id)?.type, type);
    }
    const noProject = await createWorkItem(connection, null, 'Bug', { title: 'x', descriptionHtml: '' }).then(() => assert.fail("expected a failure"), (e: unknown) => e as IntegrationError);
    assert.equal(noProject.kind, 'notConfigured');
    const auth = await createWorkItem({ ...connection, token: 'bad-pat-000' }, 'Payments Platform', 'Bug', { title: 'x', descriptionHtml: '' }).then(() => assert.fail("expected a failure"), (e: unknown) => e as IntegrationError);
    assert.equal(auth.kind, 'auth');
    assert.doesNotMatch(auth.message, /bad-pat|ado-pat/);
  });
});
