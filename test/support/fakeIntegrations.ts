// Fakes of Confluence (Cloud REST v2 and Data Center REST v1), ServiceNow's Table API and Azure DevOps work items,
// for tests: node:http on 127.0.0.1 (a free port), answering in the shapes the vendors document and checking the
// method, path, headers (auth, content type) and body of every request. What a fake would refuse gets the
// vendor's error status and is also listed in `violations` (a test asserts it stays empty).
//
//   const confluence = await FakeConfluence.start({ flavour: 'cloud', email, token, spaces: ['OPS'] });
//   confluence.baseUrl / .requests / .violations / .pages
//   confluence.failNext({ status: 429, headers: { 'Retry-After': '1' } })   the next request gets this instead, with
//                                                                           none of its effects
//   confluence.editInConfluence(pageId)   someone edits the page there (its version moves on)
//   const snow = await FakeServiceNow.start({ user, password }); snow.incidents
//   const ado = await FakeAzureDevOps.start({ project, pat }); ado.items
//   await fake.close()
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
}

export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body (default: the vendor's error shape), or raw text (e.g. an HTML login page). */
  body?: unknown;
  raw?: string;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Json = Record<string, unknown>;

abstract class FakeService {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private server!: http.Server;
  origin = '';

  protected abstract expectedAuthorization(): string;
  protected abstract route(request: RecordedRequest, body: unknown): Answer;
  protected abstract errorBody(status: number, message: string): unknown;

  protected async listen(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next request gets this answer instead of the normal one (after it was checked and recorded). */
  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  /** Requests that carried a body (what left the machine's content), in order. */
  bodies(): string[] {
    return this.requests.filter((r) => r.bodyText).map((r) => r.bodyText);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected refuse(status: number, message: string): Answer {
    this.violations.push(`${status}: ${message}`);
    return { status, body: this.errorBody(status, message) };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const request: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, bodyText: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(request);
    // A scripted answer replaces the normal one, with none of its effects (nothing is created or changed).
    const failure = this.failures.shift();
    if (failure) {
      res.writeHead(failure.status, { 'Content-Type': failure.raw !== undefined ? 'text/html' : 'application/json', ...failure.headers });
      res.end(failure.raw ?? JSON.stringify(failure.body ?? this.errorBody(failure.status, `scripted ${failure.status}`)));
      return;
    }
    let answer: Answer;
    if (req.headers.authorization !== this.expectedAuthorization()) {
      answer = { status: 401, body: this.errorBody(401, 'Unauthorized') }; // as the vendor: not a violation, a refusal
    } else if (req.headers.accept !== 'application/json') {
      answer = this.refuse(406, `Accept must be application/json, not ${req.headers.accept ?? 'missing'}`);
    } else {
      let body: unknown;
      if (request.bodyText) {
        try {
          body = JSON.parse(request.bodyText);
        } catch {
          answer = this.refuse(400, 'the body is not JSON');
        }
      }
      answer ??= this.route(request, body);
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const isJson = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);

// ---- Confluence -------------------------------------------------------------------------------------------------

export interface FakePage {
  id: string;
  spaceKey: string;
  title: string;
  storage: string;
  version: number;
}

export class FakeConfluence extends FakeService {
  readonly pages = new Map<string, FakePage>();
  private nextPageId = 65_537;

  private constructor(
    readonly flavour: 'cloud' | 'datacenter',
    private readonly credentials: { email?: string; token: string },
    readonly spaces: Map<string, string>,
  ) {
    super();
  }

  static async start(options: { flavour: 'cloud' | 'datacenter'; email?: string; token: string; spaces: string[] }): Promise<FakeConfluence> {
    const fake = new FakeConfluence(options.flavour, { ...(options.email ? { email: options.email } : {}), token: options.token }, new Map(options.spaces.map((key, i) => [key, String(98_000 + i)])));
    await fake.listen();
    return fake;
  }

  /** Cloud: the site's root (TRCAA adds /wiki); Data Center: the server's root. */
  get baseUrl(): string {
    return this.origin;
  }

  /** Someone edits the page in Confluence: its version moves on. */
  editInConfluence(pageId: string): void {
    const page = this.pages.get(pageId);
    if (page) page.version++;
  }

  protected expectedAuthorization(): string {
    return this.flavour === 'cloud' ? basic(this.credentials.email ?? '', this.credentials.token) : `Bearer ${this.credentials.token}`;
  }

  protected errorBody(status: number, message: string): unknown {
    return this.flavour === 'cloud' ? { errors: [{ status, code: 'ERROR', title: message }] } : { statusCode: status, message };
  }

  private link(page: FakePage): Json {
    return this.flavour === 'cloud'
      ? { webui: `/spaces/${page.spaceKey}/pages/${page.id}`, base: `${this.origin}/wiki` }
      : { webui: `/pages/viewpage.action?pageId=${page.id}`, base: this.origin };
  }

  private pageJson(page: FakePage): Json {
    return this.flavour === 'cloud'
      ? { id: page.id, status: 'current', title: page.title, spaceId: this.spaces.get(page.spaceKey), version: { number: page.version }, _links: this.link(page) }
      : { id: page.id, type: 'page', status: 'current', title: page.title, space: { key: page.spaceKey }, version: { number: page.version }, _links: this.link(page) };
  }

  protected route(request: RecordedRequest, body: unknown): Answer {
    const { method, path } = request;
    if (this.flavour === 'cloud') {
      if (method === 'GET' && path === '/wiki/api/v2/spaces') {
        const keys = (request.query.get('keys') ?? '').split(',');
        return { status: 200, body: { results: keys.filter((k) => this.spaces.has(k)).map((key) => ({ id: this.spaces.get(key), key, name: key })), _links: {} } };
      }
      const page = /^\/wiki\/api\/v2\/pages(?:\/(\d+))?$/.exec(path);
      if (page) return this.cloudPage(method, page[1], request, body);
    } else {
      const space = /^\/rest\/api\/space\/([^/]+)$/.exec(path);
      if (method === 'GET' && space) return this.spaces.has(decodeURIComponent(space[1] ?? '')) ? { status: 200, body: { key: space[1] } } : { status: 404, body: this.errorBody(404, 'No space found') };
      const content = /^\/rest\/api\/content(?:\/(\d+))?$/.exec(path);
      if (content) return this.dcContent(method, content[1], request, body);
    }
    return this.refuse(404, `no such endpoint: ${method} ${path}`);
  }

  private checkStorage(value: unknown): string | undefined {
    if (typeof value !== 'string' || !value) return 'the page body is not a storage-format string';
    if (/<script/i.test(value)) return 'the storage body holds a script element';
    return undefined;
  }

  private cloudPage(method: string, id: string | undefined, request: RecordedRequest, body: unknown): Answer {
    if (method === 'GET' && id) {
      const page = this.pages.get(id);
      return page ? { status: 200, body: this.pageJson(page) } : { status: 404, body: this.errorBody(404, 'Page not found') };
    }
    if (request.headers['content-type'] !== 'application/json') return this.refuse(415, 'Content-Type must be application/json');
    if (!isJson(body) || body.status !== 'current' || typeof body.title !== 'string' || !isJson(body.body) || body.body.representation !== 'storage') {
      return this.refuse(400, 'expected {spaceId, status: "current", title, body: {representation: "storage", value}}');
    }
    const problem = this.checkStorage(body.body.value);
    if (problem) return this.refuse(400, problem);
    const spaceKey = [...this.spaces].find(([, spaceId]) => spaceId === String(body.spaceId))?.[0];
    if (!spaceKey) return this.refuse(400, `no space with id ${String(body.spaceId)}`);
    if (method === 'POST' && !id) return this.create(spaceKey, body.title, String(body.body.value));
    if (method === 'PUT' && id) return this.update(id, body, spaceKey, body.title, String(body.body.value));
    return this.refuse(405, `${method} is not allowed here`);
  }

  private dcContent(method: string, id: string | undefined, request: RecordedRequest, body: unknown): Answer {
    if (method === 'GET' && id) {
      const page = this.pages.get(id);
      if (request.query.get('expand') !== 'version') return this.refuse(400, 'expand=version expected when reading the version');
      return page ? { status: 200, body: this.pageJson(page) } : { status: 404, body: this.errorBody(404, 'No content found with id') };
    }
    if (request.headers['content-type'] !== 'application/json') return this.refuse(415, 'Content-Type must be application/json');
    if (!isJson(body) || body.type !== 'page' || typeof body.title !== 'string' || !isJson(body.space) || !isJson(body.body) || !isJson(body.body.storage) || body.body.storage.representation !== 'storage') {
      return this.refuse(400, 'expected {type: "page", title, space: {key}, body: {storage: {value, representation: "storage"}}}');
    }
    const problem = this.checkStorage(body.body.storage.value);
    if (problem) return this.refuse(400, problem);
    const spaceKey = String(body.space.key);
    if (!this.spaces.has(spaceKey)) return { status: 404, body: this.errorBody(404, `No space with key : ${spaceKey}`) };
    if (method === 'POST' && !id) return this.create(spaceKey, body.title, String(body.body.storage.value));
    if (method === 'PUT' && id) return this.update(id, body, spaceKey, body.title, String(body.body.storage.value));
    return this.refuse(405, `${method} is not allowed here`);
  }

  private create(spaceKey: string, title: string, storage: string): Answer {
    // Confluence refuses a title over 255 characters ("Title cannot be longer than 255 characters").
    if (title.length > 255) return this.refuse(400, 'Title cannot be longer than 255 characters.');
    if ([...this.pages.values()].some((p) => p.spaceKey === spaceKey && p.title === title)) {
      return { status: 400, body: this.errorBody(400, 'A page with this title already exists') };
    }
    const page: FakePage = { id: String(this.nextPageId++), spaceKey, title, storage, version: 1 };
    this.pages.set(page.id, page);
    return { status: 200, body: this.pageJson(page) };
  }

  /** As Confluence: the new version must be exactly the current one + 1, else 409. */
  private update(id: string, body: Json, spaceKey: string, title: string, storage: string): Answer {
    if (title.length > 255) return this.refuse(400, 'Title cannot be longer than 255 characters.');
    const page = this.pages.get(id);
    if (!page) return { status: 404, body: this.errorBody(404, 'Page not found') };
    if (String(body.id) !== id) return this.refuse(400, 'the body id differs from the path');
    const version = isJson(body.version) ? Number(body.version.number) : NaN;
    if (version !== page.version + 1) {
      return { status: 409, body: this.errorBody(409, `Version must be incremented on update. Current version is: ${page.version}`) };
    }
    Object.assign(page, { spaceKey, title, storage, version });
    return { status: 200, body: this.pageJson(page) };
  }
}

// ---- ServiceNow -------------------------------------------------------------------------------------------------

export interface FakeIncident {
  sys_id: string;
  number: string;
  short_description: string;
  description: string;
  urgency: string;
  impact: string;
  state: string;
  close_code?: string;
  close_notes?: string;
}

export class FakeServiceNow extends FakeService {
  readonly incidents = new Map<string, FakeIncident>();
  private nextNumber = 10_001;

  private constructor(private readonly credentials: { user: string; password: string }) {
    super();
  }

  static async start(credentials: { user: string; password: string }): Promise<FakeServiceNow> {
    const fake = new FakeServiceNow(credentials);
    await fake.listen();
    return fake;
  }

  get baseUrl(): string {
    return this.origin;
  }

  protected expectedAuthorization(): string {
    return basic(this.credentials.user, this.credentials.password);
  }

  protected errorBody(_status: number, message: string): unknown {
    return { error: { message, detail: null }, status: 'failure' };
  }

  private check(body: unknown, creating: boolean): string | undefined {
    if (!isJson(body)) return 'the body is not a JSON object';
    const allowed = new Set(['short_description', 'description', 'urgency', 'impact', 'state', 'close_code', 'close_notes']);
    const unknown = Object.keys(body).filter((key) => !allowed.has(key));
    if (unknown.length) return `unknown fields: ${unknown.join(', ')}`;
    if (creating && (typeof body.short_description !== 'string' || !body.short_description)) return 'short_description is required';
    if (typeof body.short_description === 'string' && body.short_description.length > 160) return 'short_description is longer than 160';
    for (const key of ['urgency', 'impact'] as const) if (body[key] !== undefined && !['1', '2', '3'].includes(String(body[key]))) return `${key} must be 1, 2 or 3`;
    if (body.state === '6' && (!body.close_code || !body.close_notes)) return 'resolving (state 6) needs close_code and close_notes';
    return undefined;
  }

  protected route(request: RecordedRequest, body: unknown): Answer {
    const { method, path } = request;
    if (method === 'GET' && path === '/api/now/table/incident') return { status: 200, body: { result: [...this.incidents.values()].slice(0, Number(request.query.get('sysparm_limit') ?? 10)).map((i) => ({ sys_id: i.sys_id })) } };
    if (method !== 'GET' && request.headers['content-type'] !== 'application/json') return this.refuse(415, 'Content-Type must be application/json');
    if (method === 'POST' && path === '/api/now/table/incident') {
      const problem = this.check(body, true);
      if (problem) return this.refuse(400, problem);
      const fields = body as Json;
      const incident: FakeIncident = {
        sys_id: randomUUID().replace(/-/g, ''),
        number: `INC00${this.nextNumber++}`,
        short_description: String(fields.short_description),
        description: String(fields.description ?? ''),
        urgency: String(fields.urgency ?? '3'),
        impact: String(fields.impact ?? '3'),
        state: '1',
      };
      this.incidents.set(incident.sys_id, incident);
      return { status: 201, headers: { Location: `${this.origin}/api/now/table/incident/${incident.sys_id}` }, body: { result: incident } };
    }
    const one = /^\/api\/now\/table\/incident\/([0-9a-f]{32})$/.exec(path);
    if (one && (method === 'PATCH' || method === 'PUT')) {
      const incident = this.incidents.get(one[1] ?? '');
      if (!incident) return { status: 404, body: this.errorBody(404, 'No Record found') };
      const problem = this.check(body, false);
      if (problem) return this.refuse(400, problem);
      Object.assign(incident, body);
      return { status: 200, body: { result: incident } };
    }
    return this.refuse(400, `no such endpoint: ${method} ${path}`);
  }
}

// ---- Azure DevOps -----------------------------------------------------------------------------------------------

export interface FakeWorkItem {
  id: number;
  rev: number;
  type: string;
  fields: Record<string, unknown>;
  parentId?: number;
}

export class FakeAzureDevOps extends FakeService {
  readonly items = new Map<number, FakeWorkItem>();
  private nextId = 301;

  private constructor(
    readonly project: string,
    private readonly pat: string,
  ) {
    super();
  }

  static async start(options: { project: string; pat: string }): Promise<FakeAzureDevOps> {
    const fake = new FakeAzureDevOps(options.project, options.pat);
    await fake.listen();
    return fake;
  }

  /** The organisation's URL (https://dev.azure.com/{org} in real life). */
  get baseUrl(): string {
    return `${this.origin}/contoso`;
  }

  protected expectedAuthorization(): string {
    return basic('', this.pat);
  }

  protected errorBody(_status: number, message: string): unknown {
    return { $id: '1', message, typeKey: 'WorkItemTrackingException', errorCode: 0 };
  }

  private apiUrl(id: number): string {
    return `${this.baseUrl}/_apis/wit/workItems/${id}`;
  }

  private json(item: FakeWorkItem): Json {
    return { id: item.id, rev: item.rev, fields: { 'System.WorkItemType': item.type, ...item.fields }, url: this.apiUrl(item.id), _links: { html: { href: `${this.baseUrl}/${encodeURIComponent(this.project)}/_workitems/edit/${item.id}` } } };
  }

  /** Applies a JSON Patch document to a work item's fields and relations; a problem is returned as text. */
  private apply(item: FakeWorkItem, body: unknown): string | undefined {
    if (!Array.isArray(body) || !body.length) return 'expected a JSON Patch document (a non-empty array)';
    for (const op of body as unknown[]) {
      if (!isJson(op) || op.op !== 'add' || typeof op.path !== 'string') return 'each operation must be {op: "add", path, value}';
      const fieldPath = /^\/fields\/([A-Za-z.]+)$/.exec(op.path);
      if (fieldPath?.[1]) {
        if (fieldPath[1] === 'Microsoft.VSTS.Common.Severity' && !['1 - Critical', '2 - High', '3 - Medium', '4 - Low'].includes(String(op.value))) return `invalid severity ${String(op.value)}`;
        item.fields[fieldPath[1]] = op.value;
      } else if (op.path === '/relations/-') {
        const relation = op.value;
        const parent = isJson(relation) && relation.rel === 'System.LinkTypes.Hierarchy-Reverse' ? /\/_apis\/wit\/workItems\/(\d+)$/.exec(String(relation.url)) : null;
        if (!parent || !this.items.has(Number(parent[1]))) return 'the parent relation must name an existing work item by its API URL';
        item.parentId = Number(parent[1]);
      } else return `unsupported path ${op.path}`;
    }
    return undefined;
  }

  protected route(request: RecordedRequest, body: unknown): Answer {
    const { method, path } = request;
    const project = `/contoso/${encodeURIComponent(this.project)}`;
    if (method === 'GET' && path === `/contoso/_apis/projects/${encodeURIComponent(this.project)}`) return { status: 200, body: { id: 'p1', name: this.project } };
    if (request.query.get('api-version') !== '7.1') return this.refuse(400, 'api-version=7.1 expected');
    if (method !== 'GET' && request.headers['content-type'] !== 'application/json-patch+json') return this.refuse(415, 'Content-Type must be application/json-patch+json');
    const create = new RegExp(`^${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/_apis/wit/workitems/\\$([A-Za-z]+)$`).exec(path);
    if (method === 'POST' && create?.[1]) {
      if (!['Bug', 'Issue', 'Incident', 'Task'].includes(create[1])) return { status: 404, body: this.errorBody(404, `Work item type ${create[1]} does not exist`) };
      const item: FakeWorkItem = { id: this.nextId++, rev: 1, type: create[1], fields: {} };
      const problem = this.apply(item, body);
      if (problem) return this.refuse(400, problem);
      if (typeof item.fields['System.Title'] !== 'string') return this.refuse(400, 'System.Title is required');
      this.items.set(item.id, item);
      return { status: 200, body: this.json(item) };
    }
    const update = new RegExp(`^${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/_apis/wit/workitems/(\\d+)$`).exec(path);
    if (method === 'PATCH' && update?.[1]) {
      const item = this.items.get(Number(update[1]));
      if (!item) return { status: 404, body: this.errorBody(404, `Work item ${update[1]} does not exist`) };
      const problem = this.apply(item, body);
      if (problem) return this.refuse(400, problem);
      item.rev++;
      return { status: 200, body: this.json(item) };
    }
    return this.refuse(404, `no such endpoint: ${method} ${path}`);
  }
}
