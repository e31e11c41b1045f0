// The Issues view's own nodes: a group (by status or severity), an incident, and its five folders. Each renders
// itself and loads its children from the store; what they share (grouping, filter, the store, which groups the user
// opened) is the IssuesModel the tree gives them.
import * as vscode from 'vscode';
import type { IssueFilter } from '../../core/issues/format';
import { escapeHtmlText, formatAge, issueDescription, SEVERITY_LABELS, severityIcon, STATUS_LABELS } from '../../core/issues/format';
import type { GroupKey } from '../../core/issues/grouping';
import { groupListOptions } from '../../core/issues/grouping';
import type { Issue } from '../../core/model/issue';
import type { PiiLogCounts } from '../../core/model/logFile';
import type { RemoteStore } from '../../storage/store';
import { imageLeaf, logLeaf } from '../attachments';
import { documentLeaf } from '../documents';
import { whyLeaves } from '../whys';
import { CONTEXT } from '../workbench/contextValues';
import type { NodeTarget } from '../workbench/treeNodes';
import { LeafNode, LoadMoreNode, PlaceholderNode, TreeNode } from '../workbench/treeNodes';

/** Issues per group page: past it a "Load more" row fetches the next page (cursor paging). */
export const PAGE_SIZE = 200;

/** What the Issues view's nodes share. */
export interface IssuesModel {
  store(): Promise<RemoteStore>;
  readonly filter: IssueFilter;
  /** Whether the user left this group open or closed (undefined: never touched, the default applies). */
  expanded(groupId: string): boolean | undefined;
  /** An incident row was (re)loaded: the tree keeps an index of them (reveal, refresh by id). */
  loaded(node: IssueNode): void;
  /** PII counts of an incident's logs ({} when unavailable: the rows still show). */
  piiCounts(issueId: string): Promise<Record<string, PiiLogCounts>>;
}

export class GroupNode extends TreeNode {
  readonly parent = undefined;
  /** Issues loaded so far (pages of PAGE_SIZE), in list order; undefined until first expanded or after a change. */
  issues: IssueNode[] | undefined;
  nextCursor: string | undefined;
  total = 0;
  constructor(
    readonly key: GroupKey,
    private readonly model: IssuesModel,
  ) {
    super();
  }
  get id(): string {
    return `group:${this.key.by}:${this.key.value}`;
  }
  get label(): string {
    return this.key.by === 'status' ? STATUS_LABELS[this.key.value] : SEVERITY_LABELS[this.key.value];
  }
  describe(): string {
    return `the ${this.label} group`;
  }
  /** Forget the loaded rows: the next getChildren reads them again. */
  reset(): void {
    this.issues = undefined;
    this.nextCursor = undefined;
  }
  async loadPage(): Promise<void> {
    const store = await this.model.store();
    const page = await store.issues.list({ ...groupListOptions(this.key, this.model.filter), limit: PAGE_SIZE, ...(this.nextCursor ? { cursor: this.nextCursor } : {}) });
    this.total = page.total;
    this.nextCursor = page.nextCursor;
    const nodes = page.items.map((issue) => new IssueNode(issue, this, this.model));
    for (const node of nodes) this.model.loaded(node);
    this.issues = [...(this.issues ?? []), ...nodes];
  }
  override async getChildren(): Promise<TreeNode[]> {
    if (!this.issues) {
      this.issues = [];
      this.nextCursor = undefined;
      await this.loadPage();
    }
    const more = new LoadMoreNode(this, this.issues.length, this.total, { command: 'trcaa.issues.loadMore', arguments: [this.id] });
    return this.nextCursor ? [...this.issues, more] : [...this.issues];
  }
  getTreeItem(): vscode.TreeItem {
    const { key, total } = this;
    const byDefault = key.by === 'status' ? key.value === 'open' || key.value === 'investigating' : true;
    const open = this.model.expanded(this.id) ?? byDefault;
    const item = new vscode.TreeItem(
      this.label,
      total === 0 ? vscode.TreeItemCollapsibleState.None : open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = String(total);
    item.contextValue = key.by === 'status' ? CONTEXT.groupByStatus : CONTEXT.groupBySeverity;
    item.iconPath = key.by === 'severity' ? severityThemeIcon(key.value) : new vscode.ThemeIcon(STATUS_ICONS[key.value] ?? 'circle-outline');
    item.accessibilityInformation = { label: `${this.label}, ${total} issue${total === 1 ? '' : 's'}` };
    return item;
  }
}

export type FolderKind = 'logs' | 'images' | 'whys' | 'documents' | 'timeline' | 'shared';

export class IssueNode extends TreeNode {
  /** Its folders, once expanded (a change reloads only the ones it touched). */
  folders: Record<FolderKind, FolderNode> | undefined;
  constructor(
    public issue: Issue,
    readonly parent: GroupNode,
    private readonly model: IssuesModel,
  ) {
    super();
  }
  get id(): string {
    return `issue:${this.issue.id}`;
  }
  override get issueId(): string {
    return this.issue.id;
  }
  override get target(): NodeTarget {
    return { kind: 'issue', id: this.issue.id, issueId: this.issue.id };
  }
  describe(): string {
    return `"${this.issue.title}"`;
  }
  override async getChildren(): Promise<TreeNode[]> {
    const folders = {
      logs: new FolderNode('logs', this, this.model),
      images: new FolderNode('images', this, this.model),
      whys: new FolderNode('whys', this, this.model),
      documents: new FolderNode('documents', this, this.model),
      timeline: new FolderNode('timeline', this, this.model),
      shared: new FolderNode('shared', this, this.model),
    };
    // Loaded together: their labels show how many rows each holds.
    await Promise.all(Object.values(folders).map((folder) => folder.load()));
    this.folders = folders;
    return Object.values(folders).filter((folder) => !folder.hidden);
  }
  getTreeItem(): vscode.TreeItem {
    const { issue } = this;
    const item = new vscode.TreeItem(issue.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = issueDescription(issue, Date.now());
    item.iconPath = severityThemeIcon(issue.severity);
    item.contextValue = CONTEXT.issue[issue.status];
    item.accessibilityInformation = { label: `${issue.title}, ${issue.severity} severity, ${issue.status}` };
    return item;
  }
  /** The Markdown tooltip, built only when hovered. */
  resolveTooltip(): vscode.MarkdownString {
    return issueTooltip(this.issue);
  }
}

const FOLDERS: Record<FolderKind, { label: string; icon: string; counted: boolean }> = {
  logs: { label: 'Logs', icon: 'output', counted: true },
  images: { label: 'Images', icon: 'file-media', counted: true },
  whys: { label: '5 Whys', icon: 'question', counted: true },
  documents: { label: 'Documents', icon: 'book', counted: true },
  timeline: { label: 'Timeline', icon: 'history', counted: false },
  shared: { label: 'Shared', icon: 'link-external', counted: true },
};

const SERVICE_ROWS: Record<string, { name: string; icon: string }> = {
  confluence: { name: 'Confluence', icon: 'book' },
  servicenow: { name: 'ServiceNow', icon: 'issues' },
  azuredevops: { name: 'Azure DevOps', icon: 'azure-devops' },
};

export class FolderNode extends TreeNode {
  /** Its rows as last loaded (the label counts them). */
  private rows: TreeNode[] | undefined;
  private count = 0;
  constructor(
    readonly folder: FolderKind,
    readonly parent: IssueNode,
    private readonly model: IssuesModel,
  ) {
    super();
  }
  get id(): string {
    return `${this.parent.id}:${this.folder}`;
  }
  override get issueId(): string {
    return this.parent.issue.id;
  }
  describe(): string {
    return `the ${FOLDERS[this.folder].label} folder of "${this.parent.issue.title}"`;
  }
  /** Shared shows only once the incident was sent somewhere. */
  get hidden(): boolean {
    return this.folder === 'shared' && this.count === 0;
  }
  /** Reads its rows again (after a change, or before first shown). */
  async load(): Promise<void> {
    const store = await this.model.store();
    const issueId = this.issueId;
    const now = Date.now();
    switch (this.folder) {
      case 'logs': {
        const [logs, pii] = await Promise.all([store.logFiles.listForIssue(issueId), this.model.piiCounts(issueId)]);
        this.set(logs.map((log) => logLeaf(log, pii[log.id], this)));
        return;
      }
      case 'images':
        this.set((await store.images.listForIssue(issueId)).map((image) => imageLeaf(image, this)));
        return;
      case 'whys': {
        const [steps, rootCause] = await Promise.all([store.steps.listLevels(issueId), store.steps.currentRootCause(issueId)]);
        const leaves = whyLeaves(steps, rootCause, this);
        this.set(leaves, steps.length, () => new PlaceholderNode(this, 'No whys yet — Ask the First Why', { command: 'trcaa.whys.add', title: 'Ask the First Why', arguments: [{ issueId }] }));
        return;
      }
      case 'documents': {
        const docs = await store.documents.listForIssue(issueId);
        this.set(
          docs.map((doc) => documentLeaf(doc, this, now)),
          docs.length,
          () => new PlaceholderNode(this, 'No documents yet — Generate RCA', { command: 'trcaa.generateRca', title: 'Generate RCA', arguments: [{ issueId }] }),
        );
        return;
      }
      case 'shared':
        this.set(
          (await store.integrations.links(issueId)).map((link) => {
            const { name, icon } = SERVICE_ROWS[link.service] ?? { name: link.service, icon: 'link-external' };
            const label = link.kind === 'page' ? `${name} page: ${link.title}` : `${name} ${link.externalKey ?? link.externalId}${link.kind === 'task' ? ` (task): ${link.title}` : ''}`;
            const version = link.version !== null && link.kind === 'page' ? `v${link.version} · ` : '';
            return new LeafNode({ id: link.id }, this, label, `${version}${formatAge(link.lastSyncedAt, now)} ago`.replace(/now ago$/, 'now'), {
              icon,
              contextValue: CONTEXT.externalLink,
              command: { command: 'trcaa.integrations.openLink', arguments: [{ linkId: link.id, issueId }] },
              tooltip: `${label}\n${link.url}`,
            });
          }),
        );
        return;
      case 'timeline':
        this.set(
          (await store.timeline.list(issueId)).map(
            (event) =>
              new LeafNode({ id: event.id }, this, event.description, `${formatAge(event.createdAt, now)} ago`.replace(/^now ago$/, 'now'), {
                icon: TIMELINE_ICONS[event.eventType] ?? 'circle-small',
                contextValue: CONTEXT.timelineEvent,
                tooltip: `${event.eventType} · ${event.createdAt} UTC`,
              }),
          ),
        );
    }
  }
  private set(rows: TreeNode[], count = rows.length, placeholder?: () => TreeNode): void {
    this.count = count;
    this.rows = rows.length === 0 && placeholder ? [placeholder()] : rows;
  }
  override async getChildren(): Promise<TreeNode[]> {
    if (!this.rows) await this.load();
    return this.rows ?? [];
  }
  getTreeItem(): vscode.TreeItem {
    const { label, icon, counted } = FOLDERS[this.folder];
    const item = new vscode.TreeItem(counted ? `${label} (${this.count})` : label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = CONTEXT.folder[this.folder];
    // Logs and Images have nothing to show when empty (drop or attach on the incident); 5 Whys and Documents say
    // what to do.
    if (this.count === 0 && (this.folder === 'logs' || this.folder === 'images')) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    return item;
  }
}

const STATUS_ICONS: Record<string, string> = { open: 'issues', investigating: 'search', resolved: 'pass', closed: 'archive' };

const TIMELINE_ICONS: Record<string, string> = {
  triage_started: 'play-circle',
  status_changed: 'arrow-swap',
  log_uploaded: 'cloud-upload',
  why_level_advanced: 'question',
  root_cause_identified: 'target',
  rca_generated: 'file-text',
  postmortem_generated: 'file-text',
  document_exported: 'export',
};

export function severityThemeIcon(severity: string): vscode.ThemeIcon {
  const { icon, color } = severityIcon(severity);
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

/** Hover text of an issue: no HTML, no command links, user text escaped. */
export function issueTooltip(issue: Issue): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportHtml = false;
  const text = (value: string) => md.appendText(escapeHtmlText(value));
  md.appendMarkdown('**');
  text(issue.title);
  md.appendMarkdown('**\n\n');
  const rows: Array<[string, string | null]> = [
    ['Severity', issue.severity],
    ['Status', issue.status],
    ['Category', issue.category],
    ['Assignee', issue.assignedTo],
    ['Tags', issue.tags.length ? issue.tags.join(', ') : null],
    ['Created', `${issue.createdAt} UTC`],
    ['Resolved', issue.resolvedAt ? `${issue.resolvedAt} UTC` : null],
  ];
  for (const [name, value] of rows) {
    if (!value) continue;
    md.appendMarkdown(`${name}: `);
    text(value);
    md.appendMarkdown('  \n');
  }
  if (issue.description) {
    md.appendMarkdown('\n---\n\n');
    text(issue.description.length > 600 ? `${issue.description.slice(0, 600)}…` : issue.description);
  }
  return md;
}
