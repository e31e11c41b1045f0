// Publishing a page to Confluence. Cloud (an e-mail is configured: Basic e-mail:API token) speaks REST v2 under
// /wiki/api/v2; Data Center (no e-mail: a personal access token as Bearer) speaks REST v1 under /rest/api/content.
// Publishing again updates the same page with version + 1, and never overwrites a page someone edited in
// Confluence since (its version moved past the one TRCAA published) unless the caller says so.
import { IntegrationError } from './errors';
import { callService, field, type ServiceConnection } from './http';
import { shorten } from '../text/shorten';

export interface PublishedPage {
  pageId: string;
  version: number;
  url: string;
}

export interface PublishRequest {
  spaceKey: string;
  title: string;
  /** The body in storage format (confluenceStorage.ts). */
  storage: string;
  /** The page published before and the version TRCAA wrote then: publishing updates it. */
  previous?: { pageId: string; version: number };
  /** Overwrite a page edited in Confluence since it was published (the user said so). */
  overwrite?: boolean;
}

export interface PublishResult extends PublishedPage {
  /** The exact bytes of the request that carried the page (what the audit hashes). */
  sentBody: string;
  created: boolean;
}

const isCloud = (connection: ServiceConnection) => !!connection.username;
type Json = Record<string, unknown>;
const asJson = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

/** Cloud's API root: the base URL with /wiki once (users paste either https://x.atlassian.net or …/wiki). */
const cloudRoot = (connection: ServiceConnection) => (/\/wiki\/*$/.test(connection.baseUrl) ? '' : '/wiki');

/** Where a page's reply says it lives: `_links.base` + `_links.webui`, else built from the base URL. */
function pageUrl(connection: ServiceConnection, reply: Json, pageId: string): string {
  const links = asJson(reply._links);
  const base = typeof links.base === 'string' ? links.base : connection.baseUrl.replace(/\/+$/, '') + (isCloud(connection) ? cloudRoot(connection) : '');
  return typeof links.webui === 'string' ? `${base}${links.webui}` : `${base}/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
}

async function cloudSpaceId(connection: ServiceConnection, spaceKey: string): Promise<string> {
  const what = `look up space ${spaceKey}`;
  const reply = await callService(connection, { method: 'GET', path: `${cloudRoot(connection)}/api/v2/spaces`, query: { keys: spaceKey }, what });
  const results = asJson(reply.json).results;
  const space = Array.isArray(results) ? asJson(results[0]) : undefined;
  if (!space || space.id === undefined) throw new IntegrationError('notFound', `Confluence has no space with the key ${spaceKey} (or this account cannot see it): check the space key in TRCAA: Configure Integration….`);
  return String(space.id);
}

/** The page's current version in Confluence (undefined when it was deleted there). */
async function currentVersion(connection: ServiceConnection, pageId: string): Promise<number | undefined> {
  const cloud = isCloud(connection);
  const path = cloud ? `${cloudRoot(connection)}/api/v2/pages/${encodeURIComponent(pageId)}` : `/rest/api/content/${encodeURIComponent(pageId)}`;
  try {
    const reply = await callService(connection, { method: 'GET', path, ...(cloud ? {} : { query: { expand: 'version' } }), what: `read page ${pageId}` });
    return Number(field(asJson(asJson(reply.json).version).number as number | undefined, 'confluence', `read page ${pageId}`, 'version.number'));
  } catch (error) {
    if (error instanceof IntegrationError && error.kind === 'notFound') return undefined;
    throw error;
  }
}

/** The longest page title Confluence takes. */
const TITLE_MAX = 255;

/** Creates the page, or updates the one published before (version + 1). */
export async function publishPage(connection: ServiceConnection, request: PublishRequest): Promise<PublishResult> {
  const cloud = isCloud(connection);
  let previous = request.previous;
  if (previous) {
    const remote = await currentVersion(connection, previous.pageId);
    if (remote === undefined) previous = undefined; // deleted in Confluence: publish a new page
    else if (remote > previous.version && !request.overwrite) {
      throw new IntegrationError('conflict', `The Confluence page was edited since TRCAA published it (version ${remote}, TRCAA wrote ${previous.version}): publishing would overwrite those edits.`, { remoteVersion: remote });
    } else previous = { pageId: previous.pageId, version: remote };
  }
  // Confluence refuses a title over 255 characters; a document's may be longer.
  const title = shorten(request.title, TITLE_MAX);
  const what = previous ? `update page “${title}”` : `create page “${title}” in space ${request.spaceKey}`;
  let body: Json;
  let path: string;
  if (cloud) {
    const spaceId = await cloudSpaceId(connection, request.spaceKey);
    const common = { spaceId, status: 'current', title, body: { representation: 'storage', value: request.storage } };
    body = previous ? { id: previous.pageId, ...common, version: { number: previous.version + 1, message: 'Published from TRCAA' } } : common;
    path = `${cloudRoot(connection)}/api/v2/pages${previous ? `/${encodeURIComponent(previous.pageId)}` : ''}`;
  } else {
    const common = { type: 'page', title, space: { key: request.spaceKey }, body: { storage: { value: request.storage, representation: 'storage' } } };
    body = previous ? { id: previous.pageId, ...common, version: { number: previous.version + 1 } } : common;
    path = `/rest/api/content${previous ? `/${encodeURIComponent(previous.pageId)}` : ''}`;
  }
  const sentBody = JSON.stringify(body);
  const reply = asJson((await callService(connection, { method: previous ? 'PUT' : 'POST', path, body: sentBody, what })).json);
  const pageId = String(field(reply.id as string | number | undefined, 'confluence', what, 'the page id'));
  const version = Number(field(asJson(reply.version).number as number | undefined, 'confluence', what, 'version.number'));
  return { pageId, version, url: pageUrl(connection, reply, pageId), sentBody, created: !previous };
}

/** Test Connection: the space can be read with these credentials. */
export async function checkConfluence(connection: ServiceConnection, spaceKey: string): Promise<string> {
  if (isCloud(connection)) {
    await cloudSpaceId(connection, spaceKey);
    return `Confluence Cloud: space ${spaceKey} is reachable.`;
  }
  await callService(connection, { method: 'GET', path: `/rest/api/space/${encodeURIComponent(spaceKey)}`, what: `look up space ${spaceKey}` });
  return `Confluence Data Center: space ${spaceKey} is reachable.`;
}
