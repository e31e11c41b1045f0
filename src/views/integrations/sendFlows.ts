// What each send does, through the integrations' egress gate (the worker): release redacted text, send it with the
// client, record what was sent (the exact body's SHA-256 and size, the external id) and the link. A failure sends
// nothing more and records nothing; its message names what to fix.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { createWorkItem, updateWorkItem, WORK_ITEM_TYPES, type WorkItemType } from '../../core/integrations/azureDevOps';
import { markdownToStorage } from '../../core/integrations/confluenceStorage';
import { publishPage } from '../../core/integrations/confluence';
import { IntegrationError } from '../../core/integrations/errors';
import { textToHtml } from '../../core/integrations/markdownHtml';
import { listItems, sectionText } from '../../core/integrations/markdownSections';
import { createIncident, resolveIncident, updateIncident } from '../../core/integrations/serviceNow';
import type { ExternalLink } from '../../core/model/externalLink';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { Services } from '../workbench/services';
import { connectionFor } from './connection';

const digest = (body: string) => ({ sha256: createHash('sha256').update(body, 'utf8').digest('hex'), bytes: Buffer.byteLength(body, 'utf8') });

const progress = <T>(title: string, work: () => Promise<T>) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);

/** Publish RCA / Post-mortem to Confluence: a new page, or the page published before updated (version + 1). */
export async function publishToConfluence(services: Services, docId: string): Promise<ExternalLink | undefined> {
  const store = await services.store();
  const { connection, spaceKey } = await connectionFor(services, 'confluence');
  if (!spaceKey) throw new IntegrationError('notConfigured', 'Confluence has no space key: set it with TRCAA: Configure Integration….');
  const send = async (overwrite: boolean): Promise<ExternalLink | undefined> => {
    const release = await store.integrations.prepareDocument('confluence', docId, piiDetectorOptions(services));
    warnPatternProblems(services, release.problems);
    const previous = release.link?.version ? { pageId: release.link.externalId, version: release.link.version } : undefined;
    try {
      const page = await progress(`TRCAA: publishing “${release.title}” to Confluence`, () =>
        publishPage(connection, { spaceKey, title: release.title, storage: markdownToStorage(release.markdown), ...(previous ? { previous } : {}), overwrite }),
      );
      const { link } = await store.integrations.recordSent(release.releaseId, { kind: 'page', externalId: page.pageId, url: page.url, title: release.title, version: page.version, ...digest(page.sentBody) });
      services.log.info(`[integrations] ${page.created ? 'published' : 'updated'} Confluence page ${page.pageId} (version ${page.version}) from document ${docId}`);
      void notifyLink(services, `TRCAA: “${release.title}” ${page.created ? 'published to' : 'updated in'} Confluence (version ${page.version}).`, link);
      return link;
    } catch (error) {
      if (!(error instanceof IntegrationError) || error.kind !== 'conflict' || overwrite || error.details.remoteVersion === undefined) throw error;
      const replace = 'Overwrite Their Edits';
      const choice = await services.ui.showWarningMessage(`TRCAA: ${error.message} Overwrite them with this document?`, { modal: true }, replace);
      return choice === replace ? send(true) : undefined;
    }
  };
  return send(false);
}

/** Create / Update ServiceNow Incident: the incident's record, created once, updated after. */
export async function sendToServiceNow(services: Services, issueId: string): Promise<ExternalLink> {
  const store = await services.store();
  const { connection } = await connectionFor(services, 'servicenow');
  const release = await store.integrations.prepareIssue('servicenow', issueId, piiDetectorOptions(services));
  warnPatternProblems(services, release.problems);
  const fields = { shortDescription: release.title, description: release.markdown, severity: release.severity };
  const known = release.link?.externalKey ? { sysId: release.link.externalId, number: release.link.externalKey } : undefined;
  const record = await progress(`TRCAA: ${known ? `updating ServiceNow ${known.number}` : 'creating the ServiceNow incident'}`, () =>
    known ? updateIncident(connection, known, fields) : createIncident(connection, fields),
  );
  const { link } = await store.integrations.recordSent(release.releaseId, { kind: 'incident', externalId: record.sysId, externalKey: record.number, url: record.url, title: release.title, ...digest(record.sentBody) });
  services.log.info(`[integrations] ${known ? 'updated' : 'created'} ServiceNow ${record.number} for incident ${issueId}`);
  void notifyLink(services, `TRCAA: ServiceNow ${record.number} ${known ? 'updated' : 'created'}.`, link);
  return link;
}

/** Resolve the ServiceNow incident too, with the root cause as close notes. */
export async function resolveInServiceNow(services: Services, issueId: string): Promise<ExternalLink | undefined> {
  const store = await services.store();
  const { connection } = await connectionFor(services, 'servicenow');
  const release = await store.integrations.prepareIssue('servicenow', issueId, piiDetectorOptions(services));
  if (!release.link?.externalKey) return undefined;
  const record = { sysId: release.link.externalId, number: release.link.externalKey };
  const closeCode = vscode.workspace.getConfiguration('trcaa.integrations').get<string>('serviceNowCloseCode') || 'Solution provided';
  const notes = release.rootCause ?? (release.markdown || release.title);
  const sent = await progress(`TRCAA: resolving ServiceNow ${record.number}`, () => resolveIncident(connection, record, notes, closeCode));
  const { link } = await store.integrations.recordSent(release.releaseId, { kind: 'incident', externalId: sent.sysId, externalKey: sent.number, url: sent.url, title: release.title, ...digest(sent.sentBody) });
  void notifyLink(services, `TRCAA: ServiceNow ${record.number} resolved with the root cause as close notes.`, link);
  return link;
}

export function workItemType(): WorkItemType {
  const type = vscode.workspace.getConfiguration('trcaa.integrations').get<string>('azureDevOpsWorkItemType');
  return (WORK_ITEM_TYPES as readonly string[]).includes(type ?? '') ? (type as WorkItemType) : 'Bug';
}

/** Create Azure DevOps Work Item: created once (then updated), and on request the RCA's corrective actions as child tasks. */
export async function sendToAzureDevOps(services: Services, issueId: string, options: { withTasks?: boolean } = {}): Promise<ExternalLink[]> {
  const store = await services.store();
  const { connection, projectName } = await connectionFor(services, 'azuredevops');
  const release = await store.integrations.prepareIssue('azuredevops', issueId, piiDetectorOptions(services));
  warnPatternProblems(services, release.problems);
  const type = workItemType();
  const fields = { title: release.title, descriptionHtml: textToHtml(release.markdown), severity: release.severity };
  const known = release.link ? Number(release.link.externalId) : undefined;
  const item = await progress(`TRCAA: ${known ? `updating work item #${known}` : `creating the Azure DevOps ${type}`}`, () =>
    known ? updateWorkItem(connection, projectName, known, type, fields) : createWorkItem(connection, projectName, type, fields),
  );
  const links = [(await store.integrations.recordSent(release.releaseId, { kind: 'workitem', externalId: String(item.id), externalKey: `#${item.id}`, url: item.url, title: release.title, version: item.rev, ...digest(item.sentBody) })).link];
  if (options.withTasks) links.push(...(await correctiveTasks(services, issueId, item.apiUrl)));
  services.log.info(`[integrations] ${known ? 'updated' : 'created'} Azure DevOps work item ${item.id} for incident ${issueId}`);
  void notifyLink(services, `TRCAA: Azure DevOps ${type} #${item.id} ${known ? 'updated' : 'created'}${links.length > 1 ? ` with ${links.length - 1} child task${links.length === 2 ? '' : 's'}` : ''}.`, links[0] as ExternalLink);
  return links;
}

/** The latest RCA's corrective actions (its list items), redacted, each a Task under the work item. */
async function correctiveTasks(services: Services, issueId: string, parentApiUrl: string): Promise<ExternalLink[]> {
  const store = await services.store();
  const rca = (await store.documents.listForIssue(issueId)).filter((doc) => doc.docType === 'rca').sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!rca) return [];
  const { connection, projectName } = await connectionFor(services, 'azuredevops');
  const released = await store.integrations.prepareDocument('azuredevops', rca.id, piiDetectorOptions(services));
  const actions = listItems(sectionText(released.markdown, 'Corrective Actions') ?? '');
  const existing = new Set((await store.integrations.links(issueId)).filter((l) => l.kind === 'task').map((l) => l.title));
  const links: ExternalLink[] = [];
  for (const action of actions.filter((a) => !existing.has(a))) {
    const release = await store.integrations.prepareDocument('azuredevops', rca.id, piiDetectorOptions(services));
    const task = await createWorkItem(connection, projectName, 'Task', { title: action, descriptionHtml: '' }, { apiUrl: parentApiUrl });
    links.push((await store.integrations.recordSent(release.releaseId, { kind: 'task', externalId: String(task.id), externalKey: `#${task.id}`, url: task.url, title: action, version: task.rev, ...digest(task.sentBody) })).link);
  }
  return links;
}

async function notifyLink(services: Services, message: string, link: ExternalLink): Promise<void> {
  const open = 'Open in Browser';
  if ((await services.ui.showInformationMessage(message, open)) === open) await vscode.env.openExternal(vscode.Uri.parse(link.url));
}
