// Azure DevOps work items (REST 7.1, a PAT as Basic with an empty user name): create a Bug / Issue / Incident / Task
// with JSON Patch, update it, and add the RCA's corrective actions as child tasks linked to it.
import { shorten } from '../text/shorten';
import { IntegrationError } from './errors';
import { callService, field, type ServiceConnection } from './http';

export const WORK_ITEM_TYPES = ['Bug', 'Issue', 'Incident', 'Task'] as const;
export type WorkItemType = (typeof WORK_ITEM_TYPES)[number];

export interface WorkItemFields {
  title: string;
  /** HTML (Azure DevOps renders System.Description as HTML): escaped by the caller. */
  descriptionHtml: string;
  severity?: string;
}

export interface WorkItem {
  id: number;
  rev: number;
  url: string;
  apiUrl: string;
  sentBody: string;
}

const API_VERSION = '7.1';
/** System.Title's limit. */
const TITLE_MAX = 255;
const PATCH_TYPE = 'application/json-patch+json';

/** Bug's Microsoft.VSTS.Common.Severity values. */
const SEVERITY: Record<string, string> = { critical: '1 - Critical', high: '2 - High', medium: '3 - Medium', low: '4 - Low' };

type Json = Record<string, unknown>;
const asJson = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

function projectPath(project: string | null | undefined): string {
  if (!project) throw new IntegrationError('notConfigured', 'Azure DevOps needs a project: set it with TRCAA: Configure Integration….');
  return `/${encodeURIComponent(project)}`;
}

function patchFor(fields: WorkItemFields, type: string): { op: 'add'; path: string; value: unknown }[] {
  const patch: { op: 'add'; path: string; value: unknown }[] = [
    { op: 'add', path: '/fields/System.Title', value: shorten(fields.title, TITLE_MAX) },
    { op: 'add', path: '/fields/System.Description', value: fields.descriptionHtml },
  ];
  if (type === 'Bug' && fields.severity && SEVERITY[fields.severity]) patch.push({ op: 'add', path: '/fields/Microsoft.VSTS.Common.Severity', value: SEVERITY[fields.severity] });
  return patch;
}

function workItemFrom(json: unknown, what: string, sentBody: string): WorkItem {
  const reply = asJson(json);
  const id = Number(field(reply.id as number | undefined, 'azuredevops', what, 'id'));
  const apiUrl = String(field(reply.url as string | undefined, 'azuredevops', what, 'url'));
  const html = asJson(asJson(reply._links).html).href;
  return { id, rev: Number(reply.rev ?? 1), url: typeof html === 'string' ? html : apiUrl, apiUrl, sentBody };
}

export async function createWorkItem(connection: ServiceConnection, project: string | null | undefined, type: WorkItemType, fields: WorkItemFields, parent?: { apiUrl: string }): Promise<WorkItem> {
  const what = `create a ${type} work item`;
  const patch: unknown[] = patchFor(fields, type);
  if (parent) patch.push({ op: 'add', path: '/relations/-', value: { rel: 'System.LinkTypes.Hierarchy-Reverse', url: parent.apiUrl } });
  const sentBody = JSON.stringify(patch);
  const reply = await callService(connection, {
    method: 'POST',
    path: `${projectPath(project)}/_apis/wit/workitems/$${encodeURIComponent(type)}`,
    query: { 'api-version': API_VERSION },
    body: sentBody,
    contentType: PATCH_TYPE,
    what,
  });
  return workItemFrom(reply.json, what, sentBody);
}

export async function updateWorkItem(connection: ServiceConnection, project: string | null | undefined, id: number, type: string, fields: WorkItemFields): Promise<WorkItem> {
  const what = `update work item ${id}`;
  const sentBody = JSON.stringify(patchFor(fields, type));
  const reply = await callService(connection, {
    method: 'PATCH',
    path: `${projectPath(project)}/_apis/wit/workitems/${id}`,
    query: { 'api-version': API_VERSION },
    body: sentBody,
    contentType: PATCH_TYPE,
    what,
  });
  return workItemFrom(reply.json, what, sentBody);
}

/** Test Connection: the project can be read with this PAT. */
export async function checkAzureDevOps(connection: ServiceConnection, project: string | null | undefined): Promise<string> {
  await callService(connection, { method: 'GET', path: `/_apis/projects${projectPath(project)}`, query: { 'api-version': API_VERSION }, what: `read project ${project ?? ''}` });
  return `Azure DevOps: project ${project ?? ''} is reachable.`;
}
