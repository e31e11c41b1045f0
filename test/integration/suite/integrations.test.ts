// Confluence, ServiceNow and Azure DevOps from a real extension host, against the in-repo fakes (which check every
// request as the vendors do): an RCA published then published again (the same page, version 2), the ServiceNow
// incident created then updated, the work item with its corrective actions as child tasks, auto-create on a new
// incident, each refused answer changing nothing stored — and no PII canary or token reaching a fake or the audit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExternalLink } from '../../../src/core/model/externalLink';
import type { SerializedItem } from '../../../src/views/issues/testTree';
import { FakeAzureDevOps, FakeConfluence, FakeServiceNow } from '../../support/fakeIntegrations';
import { answering, issuesView, testApi } from './testApi';
import { until } from './until';

const CANARIES = ['alice.canary@example.com', '203.0.113.77', 'bob.canary@example.org'];
const TOKENS = { confluence: 'atl-confluence-token-9f8e7d', servicenow: 'snow-password-1a2b3c', azuredevops: 'ado-pat-4d5e6f7a8b' };
const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
const quiet = { showInformationMessage: (async () => undefined) as never };

describe('integrations: Confluence, ServiceNow, Azure DevOps (real extension host, fakes)', function () {
  this.timeout(120_000);
  let confluence: FakeConfluence;
  let snow: FakeServiceNow;
  let ado: FakeAzureDevOps;
  const config = () => vscode.workspace.getConfiguration('trcaa.integrations');

  before(async () => {
    confluence = await FakeConfluence.start({ flavour: 'cloud', email: 'sre@example.com', token: TOKENS.confluence, spaces: ['OPS'] });
    snow = await FakeServiceNow.start({ user: 'trcaa.bot', password: TOKENS.servicenow });
    ado = await FakeAzureDevOps.start({ project: 'Payments', pat: TOKENS.azuredevops });
    const store = await (await testApi()).store();
    await store.credentials.saveConfig('confluence', { baseUrl: confluence.baseUrl, spaceKey: 'OPS', username: 'sre@example.com' });
    await store.credentials.save('confluence', TOKENS.confluence);
    await store.credentials.saveConfig('servicenow', { baseUrl: snow.baseUrl, username: 'trcaa.bot' });
    await store.credentials.save('servicenow', TOKENS.servicenow);
    await store.credentials.saveConfig('azuredevops', { baseUrl: ado.baseUrl, projectName: 'Payments' });
    await store.credentials.save('azuredevops', TOKENS.azuredevops);
    await config().update('autoCreateDelaySeconds', 0, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const store = await (await testApi()).store();
    for (const service of ['confluence', 'servicenow', 'azuredevops'] as const) {
      await store.credentials.removeConfig(service);
      await store.credentials.remove(service);
    }
    await config().update('autoCreateDelaySeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const fake of [confluence, snow, ado]) {
      assert.deepEqual(fake.violations, [], 'every request was as the vendor documents it');
      const everything = fake.requests.map((r) => `${r.path} ${r.bodyText}`).join('\n');
      for (const canary of CANARIES) assert.ok(!everything.includes(canary), `${canary} never reached a fake`);
      await fake.close();
    }
    const audit = JSON.stringify(await store.audit.list({ limit: 10_000 }));
    for (const token of Object.values(TOKENS)) assert.ok(!audit.includes(token), 'no token in the audit log');
    // Every log file of this session (the TRCAA output channel's among them): no token, no basic-auth header.
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const session = path.dirname(path.dirname(path.dirname((await testApi()).services.context.logUri.fsPath)));
    const files = (await readdir(session, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && f.name.endsWith('.log'));
    assert.ok(files.some((f) => /TRCAA/i.test(f.name)), `the TRCAA log is among ${files.map((f) => f.name).join(', ')}`);
    for (const file of files) {
      const text = await readFile(path.join(file.parentPath, file.name), 'utf8');
      for (const token of Object.values(TOKENS)) assert.ok(!text.includes(token) && !text.includes(Buffer.from(`:${token}`).toString('base64')), `no token in ${file.name}`);
    }
  });

  async function incidentWithRca(title: string) {
    const store = await (await testApi()).store();
    const issue = await store.issues.create({ title: `${title} for ${CANARIES[0]}`, severity: 'critical', description: `Errors from ${CANARIES[1]} since 10:00` });
    const doc = await store.documents.create(issue.id, {
      docType: 'rca',
      title: `RCA — ${title}`,
      contentMd: `# RCA — ${title}\n\n## Root Cause\n\nThe pool shrank; ${CANARIES[2]} was paged.\n\n## Corrective Actions\n\n- Alert on pool saturation\n- Pin the pool size in the deploy\n\n\`\`\`sql\nSELECT 1; -- ]]> <b>\n\`\`\`\n`,
    });
    return { store, issue, doc };
  }

  it('Publish to Confluence creates the page (storage XHTML, redacted), publishing again updates it to version 2; the link is under the incident', async () => {
    const { store, issue, doc } = await incidentWithRca('Checkout 502s');
    const first = await answering(quiet, () => run<ExternalLink>('trcaa.integrations.publishToConfluence', doc.id));
    assert.equal(confluence.pages.size, 1);
    const page = confluence.pages.get(first.externalId);
    assert.ok(page);
    assert.match(page.storage, /<h2>Root Cause<\/h2>/);
    assert.match(page.storage, /<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql<\/ac:parameter><ac:plain-text-body><!\[CDATA\[SELECT 1; -- \]\]\]\]><!\[CDATA\[> <b>\]\]><\/ac:plain-text-body><\/ac:structured-macro>/);
    assert.match(page.storage, /\[Email\]/, 'the e-mail was redacted');

    const second = await answering(quiet, () => run<ExternalLink>('trcaa.integrations.publishToConfluence', doc.id));
    assert.deepEqual([second.externalId, second.version, confluence.pages.size, confluence.pages.get(first.externalId)?.version], [first.externalId, 2, 1, 2]);

    const audits = (await store.audit.list({ limit: 10_000 })).filter((a) => a.action === 'egress.released' && a.entityId === doc.id);
    assert.equal(audits.length, 2, 'each publish audited');
    const sentBodies = confluence.requests.filter((r) => r.method !== 'GET').map((r) => r.bodyText);
    const { createHash } = await import('node:crypto');
    assert.deepEqual(audits.map((a) => (JSON.parse(a.details ?? "{}") as { sha256: string }).sha256).sort(), sentBodies.map((b) => createHash('sha256').update(b).digest('hex')).sort(), 'the audit hashes exactly the bytes sent');
    const events = (await store.timeline.list(issue.id)).filter((e) => e.eventType === 'document_exported');
    assert.deepEqual(events.map((e) => e.metadata?.format), ['confluence', 'confluence']);

    const snapshot = await issuesView<{ groups: SerializedItem[] }>({ expand: [issue.id] });
    const shared = snapshot.groups.flatMap((g) => g.children ?? []).find((i) => i.id === `issue:${issue.id}`)?.children?.find((f) => String(f.label).startsWith('Shared'));
    assert.equal(shared?.label, 'Shared (1)');
  });

  it('a page edited in Confluence since is not overwritten without asking; No leaves it as it is', async () => {
    const { doc } = await incidentWithRca('Edited elsewhere');
    const first = await answering(quiet, () => run<ExternalLink>('trcaa.integrations.publishToConfluence', doc.id));
    confluence.editInConfluence(first.externalId);
    const asked: string[] = [];
    const result = await answering({ ...quiet, showWarningMessage: (async (message: string) => void asked.push(message)) as never }, () => run('trcaa.integrations.publishToConfluence', doc.id));
    assert.equal(result, undefined);
    assert.match(asked[0] ?? '', /edited since TRCAA published it/);
    assert.equal(confluence.pages.get(first.externalId)?.version, 2, 'their edit stands');
  });

  it('ServiceNow: created once, then updated; resolving the incident offers to resolve it there with the root cause', async () => {
    const { store, issue } = await incidentWithRca('Login fails');
    const created = await answering(quiet, () => run<ExternalLink>('trcaa.integrations.sendToServiceNow', issue.id));
    const record = snow.incidents.get(created.externalId);
    assert.deepEqual([record?.impact, record?.urgency, created.externalKey], ['1', '1', record?.number]);
    const updated = await answering(quiet, () => run<ExternalLink>('trcaa.integrations.sendToServiceNow', issue.id));
    assert.equal(updated.id, created.id);
    assert.equal(snow.incidents.size, 1);

    const offered: string[] = [];
    await answering({ showInformationMessage: (async (message: string) => (offered.push(message), message.includes('Resolve ServiceNow') ? 'Resolve in ServiceNow' : undefined)) as never }, async () => {
      await store.issues.setStatus(issue.id, 'resolved');
      await until('the incident resolved in ServiceNow', () => (snow.incidents.get(created.externalId)?.state === '6' ? true : undefined));
    });
    assert.match(snow.incidents.get(created.externalId)?.close_notes ?? '', /The pool shrank; \[Email\] was paged/);
  });

  it('Azure DevOps: the work item with the corrective actions as child tasks; auto-create on a new incident', async () => {
    const { store, issue } = await incidentWithRca('Queue backlog');
    const links = await answering(quiet, () => run<ExternalLink[]>('trcaa.integrations.createWorkItem', issue.id, { withTasks: true }));
    assert.deepEqual(links.map((l) => l.kind), ['workitem', 'task', 'task']);
    const parent = Number(links[0]?.externalId);
    assert.deepEqual([...ado.items.values()].filter((i) => i.parentId === parent).map((i) => i.fields['System.Title']), ['Alert on pool saturation', 'Pin the pool size in the deploy']);
    // Again: the same work item updated (rev 2), the tasks not filed twice.
    const again = await answering(quiet, () => run<ExternalLink[]>('trcaa.integrations.createWorkItem', issue.id, { withTasks: true }));
    assert.deepEqual(again.map((l) => [l.kind, l.externalId, l.version]), [['workitem', String(parent), 2]]);
    assert.equal(ado.items.get(parent)?.rev, 2);

    await store.credentials.saveConfig('azuredevops', { baseUrl: ado.baseUrl, projectName: 'Payments', autoCreateEnabled: true });
    try {
      const before = ado.items.size;
      const fresh = await answering(quiet, () => run<{ id: string }>('trcaa.newIssue', { title: 'Auto-created', severity: 'low' }));
      await until('the work item created on its own', async () => ((await store.integrations.links(fresh.id)).some((l) => l.kind === 'workitem') ? true : undefined));
      assert.equal(ado.items.size, before + 1);
    } finally {
      await store.credentials.saveConfig('azuredevops', { baseUrl: ado.baseUrl, projectName: 'Payments' });
    }
  });

  it('Test Integration Connection makes one authenticated read per service and says what it reached', async () => {
    assert.match(await answering(quiet, () => run<string>('trcaa.integrations.testConnection', 'confluence')), /Confluence Cloud: space OPS is reachable/);
    assert.match(await answering(quiet, () => run<string>('trcaa.integrations.testConnection', 'servicenow')), /incident table is reachable/);
    assert.match(await answering(quiet, () => run<string>('trcaa.integrations.testConnection', 'azuredevops')), /project Payments is reachable/);
    snow.failNext({ status: 401 });
    await assert.rejects(run('trcaa.integrations.testConnection', 'servicenow'), /refused the credentials \(401\)/);
  });

  it('each refused answer gives its message and stores nothing', async () => {
    const { store, issue, doc } = await incidentWithRca('Failures');
    const linksBefore = (await store.integrations.links(issue.id)).length;
    for (const [failure, message] of [
      [{ status: 401 }, /refused the credentials \(401\)/],
      [{ status: 403 }, /does not let this account/],
      [{ status: 404 }, /found nothing/],
      [{ status: 500 }, /failed \(500\)/],
      [{ status: 429, headers: { 'Retry-After': '300' } }, /Try again in 300 s/],
      [{ status: 200, raw: '<html>login</html>' }, /not JSON/],
    ] as const) {
      snow.failNext(failure);
      await assert.rejects(run('trcaa.integrations.sendToServiceNow', issue.id), message);
    }
    confluence.failNext({ status: 409 });
    await assert.rejects(run('trcaa.integrations.publishToConfluence', doc.id), /conflict \(409\)|no space/);
    assert.equal((await store.integrations.links(issue.id)).length, linksBefore, 'no link stored');
    assert.equal((await store.audit.list({ limit: 10_000 })).filter((a) => a.action === 'egress.released' && (a.entityId === issue.id || a.entityId === doc.id)).length, 0, 'nothing audited as sent');
  });
});
