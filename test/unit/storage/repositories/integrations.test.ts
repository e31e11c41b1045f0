// The integrations' egress gate: what is released is redacted (document and incident fields, the RCA's root
// cause), nothing is audited until the host says what it sent, and then the link, the audit row (SHA-256 and size
// of the body, service, external id, never the token) and the document_exported event are written together.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { rootCauseSection } from '../../../../src/storage/repositories/integrations';
import { createStore } from '../../../../src/storage/store';
import { useTempDir } from '../testFiles';

const clock: Clock = { now: () => new Date(Date.UTC(2026, 11, 6, 22, 0, 0)) };
const TOKEN = 'snow-password-0123456789';
const SHA = 'a'.repeat(64);

describe('integrations: the egress gate and external links', () => {
  const dir = useTempDir('trcaa-integrations-');
  let db: Database;
  beforeEach(async () => {
    db = await Database.open(path.join(dir(), 'i.db'), { key: { kind: 'plain' } });
    migrate(db, migrations);
  });
  afterEach(() => db.close());
  const store = () => createStore(db, { clock, credentialKey: randomBytes(32) });

  it('connection() needs a configuration and a token, and says which is missing', () => {
    const s = store();
    assert.throws(() => s.integrations.connection('servicenow'), /ServiceNow is not configured: run TRCAA: Configure Integration/);
    s.credentials.saveConfig('servicenow', { baseUrl: 'https://acme.service-now.com', username: 'bot' });
    assert.throws(() => s.integrations.connection('servicenow'), /No ServiceNow token is saved/);
    s.credentials.save('servicenow', TOKEN);
    assert.deepEqual(s.integrations.connection('servicenow'), { service: 'servicenow', baseUrl: 'https://acme.service-now.com', username: 'bot', projectName: null, spaceKey: null, autoCreateEnabled: false, token: TOKEN });
  });

  it('releases a document redacted, records the page once sent, and updates the same link when published again', () => {
    const s = store();
    const issue = s.issues.create({ title: 'Checkout 502s for alice@example.com', severity: 'high' });
    const doc = s.documents.create(issue.id, { docType: 'rca', title: 'RCA: 10.1.2.3 down', contentMd: '## Root Cause\n\nThe pool of db-7 (10.9.8.7) shrank; bob@example.org paged.\n\n## Actions\n\n- grow it\n' });
    const release = s.integrations.prepareDocument('confluence', doc.id);
    assert.doesNotMatch(JSON.stringify(release), /alice@|10\.1\.2\.3|10\.9\.8\.7|bob@/, 'nothing unredacted is released');
    assert.equal(release.link, null);
    assert.equal(release.issueId, issue.id);
    assert.match(release.rootCause ?? '', /The pool of db-7/);
    assert.equal(db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'egress.released'")?.n, 0, 'nothing audited before it was sent');

    const first = s.integrations.recordSent(release.releaseId, { kind: 'page', externalId: '65537', url: 'https://acme.atlassian.net/wiki/spaces/OPS/pages/65537', title: release.title, version: 1, sha256: SHA, bytes: 1234 });
    assert.deepEqual([first.link.service, first.link.kind, first.link.docId, first.link.version], ['confluence', 'page', doc.id, 1]);
    assert.throws(() => s.integrations.recordSent(release.releaseId, { kind: 'page', externalId: '65537', url: 'https://x.example/', sha256: SHA, bytes: 1 }), /recorded already/);
    const audit = db.get<{ details: string; entity_type: string }>("SELECT details, entity_type FROM audit_log WHERE action = 'egress.released'");
    const details = JSON.parse(audit?.details ?? '{}') as Record<string, unknown>;
    assert.deepEqual([details.destination, details.external_id, details.sha256, details.bytes, details.doc_id, audit?.entity_type], ['confluence', '65537', SHA, 1234, doc.id, 'document']);
    assert.ok(((details.redacted_by_type as Record<string, number>).IPv4 ?? 0) >= 2, 'the counts per type are the gate’s');
    assert.equal(first.event.eventType, 'document_exported');
    assert.deepEqual([first.event.metadata?.format, first.event.metadata?.external_id, first.event.metadata?.doc_id], ['confluence', '65537', doc.id]);

    const again = s.integrations.prepareDocument('confluence', doc.id);
    assert.equal(again.link?.externalId, '65537', 'publishing again knows the page');
    const second = s.integrations.recordSent(again.releaseId, { kind: 'page', externalId: '65537', url: first.link.url, title: again.title, version: 2, sha256: SHA, bytes: 1300 });
    assert.equal(second.link.id, first.link.id);
    assert.equal(second.link.version, 2);
    assert.equal(s.integrations.links(issue.id).length, 1, 'one link, updated');
  });

  it('releases an incident’s fields redacted for ServiceNow and Azure DevOps, each with its own link; deleting the incident removes them', () => {
    const s = store();
    const issue = s.issues.create({ title: 'Login fails', severity: 'critical', description: 'Reported by carol@example.net from 203.0.113.9' });
    const snow = s.integrations.prepareIssue('servicenow', issue.id);
    assert.equal(snow.docId, null);
    assert.equal(snow.severity, 'critical');
    assert.equal(snow.markdown, 'Reported by [Email] from [IPv4]', 'a description is plain text: its placeholders bare');
    s.integrations.recordSent(snow.releaseId, { kind: 'incident', externalId: 'f'.repeat(32), externalKey: 'INC0010001', url: 'https://acme.service-now.com/nav_to.do?uri=x', title: 'Login fails', sha256: SHA, bytes: 10 });
    const ado = s.integrations.prepareIssue('azuredevops', issue.id);
    assert.equal(ado.link, null, 'the ServiceNow link is not Azure DevOps’');
    s.integrations.recordSent(ado.releaseId, { kind: 'workitem', externalId: '301', externalKey: '#301', url: 'https://dev.azure.com/acme/p/_workitems/edit/301', sha256: SHA, bytes: 10 });
    assert.equal(s.integrations.prepareIssue('servicenow', issue.id).link?.externalKey, 'INC0010001');
    const links = s.integrations.links(issue.id);
    assert.deepEqual(links.map((l) => [l.service, l.kind, l.externalKey]), [['servicenow', 'incident', 'INC0010001'], ['azuredevops', 'workitem', '#301']]);
    assert.equal(s.integrations.removeLink(links[1]?.id ?? ''), true);
    s.issues.delete(issue.id);
    assert.equal(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM external_links')?.n, 0);
  });

  it('never writes the token into the audit log or the links', () => {
    const s = store();
    s.credentials.saveConfig('servicenow', { baseUrl: 'https://acme.service-now.com', username: 'bot' });
    s.credentials.save('servicenow', TOKEN);
    const issue = s.issues.create({ title: 'x', severity: 'low' });
    const release = s.integrations.prepareIssue('servicenow', issue.id);
    s.integrations.recordSent(release.releaseId, { kind: 'incident', externalId: 'e'.repeat(32), externalKey: 'INC1', url: 'https://acme.service-now.com/x', sha256: SHA, bytes: 1 });
    const everything = JSON.stringify([db.query('SELECT * FROM audit_log'), db.query('SELECT * FROM external_links'), db.query('SELECT * FROM timeline_events')]);
    assert.doesNotMatch(everything, new RegExp(TOKEN));
  });

  it('releases the root cause as plain text for close notes: escapes read, emphasis gone, prompts left out', () => {
    const s = store();
    const issue = s.issues.create({ title: 'Pool exhausted', severity: 'high' });
    const cause = 'max\\_connections \\* 2 < load; pool \\[db-01\\] exhausted on 10.9.8.7\n\\- see #42\n\n```\n# m h dom mon dow\n```\n\n_(confidence 90%, identified 2026-12-06 21:00)_';
    s.documents.create(issue.id, { docType: 'rca', title: 'RCA', contentMd: `## Root Cause\n\n${cause}\n\n## Log Files Analyzed\n\nnone\n` });
    assert.equal(s.integrations.prepareIssue('servicenow', issue.id).rootCause, 'max_connections * 2 < load; pool [db-01] exhausted on [IPv4]\n- see #42\n\n# m h dom mon dow\n\n(confidence 90%, identified 2026-12-06 21:00)');

    const unconfirmed = s.issues.create({ title: 'Not yet', severity: 'low' });
    s.documents.create(unconfirmed.id, { docType: 'rca', title: 'RCA', contentMd: '## Root Cause\n\nNot confirmed yet. The deepest answer:\n\n> The *pool* was small\n\n_To be written: confirm the root cause (Mark Root Cause) or state it here_\n\n## Next\n' });
    assert.equal(s.integrations.prepareIssue('servicenow', unconfirmed.id).rootCause, 'Not confirmed yet. The deepest answer:\n\nThe pool was small');
    const empty = s.issues.create({ title: 'Nothing', severity: 'low' });
    s.documents.create(empty.id, { docType: 'rca', title: 'RCA', contentMd: '## Root Cause\n\n_To be written: the root cause, once the 5 Whys reach it_\n' });
    assert.equal(s.integrations.prepareIssue('servicenow', empty.id).rootCause, null, 'only a prompt: no close notes from it');
  });

  it('finds the Root Cause section of an RCA', () => {
    assert.equal(rootCauseSection('# RCA\n\n## Summary\n\nx\n\n## Root Cause\n\nThe pool shrank.\n\nTwice.\n\n## Actions\n\n- y'), 'The pool shrank.\n\nTwice.');
    assert.equal(rootCauseSection('## Root cause\n\nLast section'), 'Last section');
    assert.equal(rootCauseSection('## Summary\n\nno cause'), null);
  });
});
