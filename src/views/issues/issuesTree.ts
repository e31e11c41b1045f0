// The Issues view (trcaa.issues): incidents grouped by status or severity, each with its logs, images, 5 Whys,
// documents and timeline. Nodes know their parent and refresh on their own (GitHub PR extension style): a change
// to one issue re-renders that issue or its groups, never the whole tree.
import * as vscode from 'vscode';
import type { IssueFilter, IssueGrouping } from '../../core/issues/format';
import { groupListOptions } from '../../core/issues/grouping';
import {
  escapeHtmlText,
  filterMessage,
  formatAge,
  formatBytes,
  isFilterActive,
  issueDescription,
  SEVERITY_LABELS,
  severityIcon,
  STATUS_LABELS,
} from '../../core/issues/format';
import type { Issue, IssueCounts, ListIssuesOptions } from '../../core/model/issue';
import { ISSUE_SEVERITIES, ISSUE_STATUSES } from '../../core/model/issue';
import type { ImageAttachment } from '../../core/model/image';
import type { LogFile, PiiLogCounts } from '../../core/model/logFile';
import type { Services } from '../workbench/services';
import type { RemoteStore } from '../../storage/store';
import { documentLeaf } from '../documents';
import { whyLeaves } from '../whys';
import { logLeaf } from '../attachments';
import type { FolderKind, GroupKey, RefreshableFolder, TreeNode } from '../workbench/treeNodes';
import { FolderNode, GroupNode, IssueNode, LeafNode, LoadMoreNode } from '../workbench/treeNodes';

/** Issues per group page: past it a "Load more" row fetches the next page (cursor paging). */
export const PAGE_SIZE = 200;
const GROUPING_KEY = 'trcaa.issues.grouping';

interface IssueChildren {
  logs: LogFile[];
  images: ImageAttachment[];
  /** PII counts and review state per log id. */
  pii: Record<string, PiiLogCounts>;
}

export class IssuesTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Ids of the nodes refreshed ('root' for the whole tree), in order: tests check that a change stays local. */
  readonly refreshed: string[] = [];
  private readonly countsChanged = new vscode.EventEmitter<IssueCounts>();
  /** Fires with fresh counts after every load or change: the status bar listens. */
  readonly onDidChangeCounts = this.countsChanged.event;

  private view: vscode.TreeView<TreeNode> | undefined;
  private groups = new Map<string, GroupNode>();
  /** Issue id → its node, for the issues loaded into a group. */
  private readonly issueNodes = new Map<string, IssueNode>();
  /** Logs and images of expanded issues (the folder labels show their counts). */
  private readonly issueChildren = new Map<string, IssueChildren>();
  /** Issue id → its Logs folder as last shown (a log's review change refreshes only that folder). */
  private readonly logFolders = new Map<string, FolderNode>();
  /** Issue id → its 5 Whys, Documents and Timeline folders as last shown (a change refreshes only those). */
  private readonly issueFolderNodes = new Map<string, Partial<Record<RefreshableFolder, FolderNode>>>();
  private groupingMode: IssueGrouping;
  private currentFilter: IssueFilter = {};
  private lastCounts: IssueCounts | undefined;

  constructor(private readonly services: Services) {
    this.changed.event((node) => {
      if (this.refreshed.push(node ? node.id : 'root') > 1000) this.refreshed.splice(0, 500);
    });
    const saved = services.context.workspaceState.get<string>(GROUPING_KEY);
    this.groupingMode = saved === 'severity' ? 'severity' : 'status';
    // Another window's writes (h-changes, minimal until this tree refreshes from the channel itself).
    services.changes.onDidChange((e) => { if (e.external) this.refresh(); });
  }

  /** Creates the view; the attachments work passes its drag-and-drop controller here. */
  createView(options: { dragAndDropController?: vscode.TreeDragAndDropController<TreeNode> } = {}): vscode.TreeView<TreeNode> {
    this.view = vscode.window.createTreeView('trcaa.issues', {
      treeDataProvider: this,
      showCollapseAll: true,
      canSelectMany: true,
      ...(options.dragAndDropController ? { dragAndDropController: options.dragAndDropController } : {}),
    });
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.grouping', this.groupingMode);
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.filtered', false);
    return this.view;
  }

  get grouping(): IssueGrouping {
    return this.groupingMode;
  }

  get filter(): IssueFilter {
    return { ...this.currentFilter };
  }

  get counts(): IssueCounts | undefined {
    return this.lastCounts;
  }

  get treeView(): vscode.TreeView<TreeNode> | undefined {
    return this.view;
  }

  async setGrouping(mode: IssueGrouping): Promise<void> {
    this.groupingMode = mode;
    await this.services.context.workspaceState.update(GROUPING_KEY, mode);
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.grouping', mode);
    this.refresh();
  }

  setFilter(filter: IssueFilter): void {
    this.currentFilter = { ...filter };
    const active = isFilterActive(filter);
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.filtered', active);
    if (this.view) this.view.message = filterMessage(filter);
    this.refresh();
  }

  /** Everything again (Refresh, grouping or filter change). */
  refresh(): void {
    this.groups = new Map();
    this.issueNodes.clear();
    this.issueChildren.clear();
    this.logFolders.clear();
    this.issueFolderNodes.clear();
    this.changed.fire(undefined);
  }

  /**
   * One issue changed (edited, or a log or image attached): re-renders that issue, or its groups when it moved
   * to another one or was not loaded. The attach work calls this.
   */
  async refreshIssue(issueId: string): Promise<void> {
    const store = await this.services.store();
    const issue = await store.issues.get(issueId);
    const node = this.issueNodes.get(issueId);
    this.issueChildren.delete(issueId);
    if (issue && node && this.groupKeyOf(issue) === node.parent.id) {
      node.issue = issue;
      this.changed.fire(node);
      return;
    }
    await this.issuesChanged([...(node ? [node.issue] : []), ...(issue ? [issue] : [])]);
  }

  /** A log's PII review changed (counts, decisions, approval): re-renders the issue's Logs folder only. */
  async refreshLogs(issueId: string): Promise<void> {
    const folder = this.logFolders.get(issueId);
    if (!folder) return;
    const cached = this.issueChildren.get(issueId);
    if (cached) {
      // The rows are read again (approval changes them) with fresh counts.
      const store = await this.services.store();
      [cached.logs, cached.pii] = await Promise.all([store.logFiles.listForIssue(issueId), this.piiCounts(issueId)]);
    }
    this.changed.fire(folder);
  }

  /**
   * Re-renders those folders of the issue (the ones shown): a document generated, saved or deleted; a why
   * answered; an event on the timeline.
   */
  refreshFolders(issueId: string, ...folders: RefreshableFolder[]): void {
    const shown = this.issueFolderNodes.get(issueId);
    for (const kind of folders) {
      const folder = shown?.[kind];
      if (folder) this.changed.fire(folder);
    }
  }

  private async piiCounts(issueId: string): Promise<Record<string, PiiLogCounts>> {
    try {
      return await (await this.services.store()).piiSpans.countsForIssue(issueId);
    } catch (error) {
      this.services.log.warn(`[issues] PII counts unavailable: ${(error as Error).message}`);
      return {};
    }
  }

  /**
   * Issues were created, moved between groups or deleted: reloads the counts and the groups that held or now
   * hold them. `issues` are the issues as they were and/or are now.
   */
  async issuesChanged(issues: Issue[]): Promise<void> {
    const store = await this.services.store();
    if (this.groups.size === 0) {
      // Nothing shown yet (or the welcome view): the database is open by now, so the status bar can follow.
      await this.loadCounts(store);
      this.changed.fire(undefined);
      return;
    }
    const before = this.lastCounts?.total ?? 0;
    const totalsBefore = new Map([...this.groups].map(([id, group]) => [id, group.total]));
    await this.loadCounts(store);
    // From or to an empty store the welcome view shows or goes: the root changes.
    if ((before === 0) !== ((this.lastCounts?.total ?? 0) === 0)) {
      this.refresh();
      return;
    }
    const affected = new Set<string>();
    for (const issue of issues) {
      affected.add(this.groupKeyOf(issue));
      const old = this.issueNodes.get(issue.id);
      if (old) affected.add(old.parent.id);
    }
    let rootChanged = false;
    for (const id of affected) {
      const group = this.groups.get(id);
      if (!group) {
        rootChanged = true;
        continue;
      }
      for (const node of group.issues ?? []) this.issueNodes.delete(node.issue.id);
      group.issues = undefined;
      group.nextCursor = undefined;
    }
    // Group labels show counts, and under a filter an empty group is hidden: the other labels change too.
    if (rootChanged || isFilterActive(this.currentFilter)) this.refresh();
    else {
      // Only the groups that held or now hold the issues, or whose count changed.
      for (const [id, group] of this.groups) if (affected.has(id) || totalsBefore.get(id) !== group.total) this.changed.fire(group);
    }
  }

  /** The issues a command acts on: the clicked one, or the whole selection when it was part of it. */
  selectedIssueIds(clicked?: TreeNode, selection?: readonly TreeNode[]): string[] {
    const nodes = selection && clicked && selection.includes(clicked) ? selection : clicked ? [clicked] : (this.view?.selection ?? []);
    return [...new Set(nodes.filter((n): n is IssueNode => n instanceof IssueNode).map((n) => n.issue.id))];
  }

  groupById(id: string): GroupNode | undefined {
    return this.groups.get(id);
  }

  async loadMore(group: GroupNode): Promise<void> {
    if (!group.nextCursor) return;
    const store = await this.services.store();
    await this.loadPage(store, group);
    this.changed.fire(group);
  }

  /** Shows an issue in the tree (expanding its group, paging until it is loaded) and selects it. */
  async reveal(issueId: string): Promise<boolean> {
    const store = await this.services.store();
    const issue = await store.issues.get(issueId);
    if (!issue) return false;
    if (this.groups.size === 0) await this.getChildren();
    let group = this.groups.get(this.groupKeyOf(issue));
    if (!group && isFilterActive(this.currentFilter)) {
      // Hidden by the filter: show everything rather than fail.
      this.setFilter({});
      await this.getChildren();
      group = this.groups.get(this.groupKeyOf(issue));
    }
    if (!group) return false;
    if (!group.issues) await this.getChildren(group);
    while (!this.issueNodes.has(issueId) && group.nextCursor) await this.loadPage(store, group);
    const node = this.issueNodes.get(issueId);
    if (!node) return false;
    this.changed.fire(group);
    await this.view?.reveal(node, { select: true, focus: true, expand: false });
    return true;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node instanceof GroupNode ? undefined : node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) return await this.rootChildren();
      if (node instanceof GroupNode) {
        if (!node.issues) {
          node.issues = [];
          node.nextCursor = undefined;
          await this.loadPage(await this.services.store(), node);
        }
        return node.nextCursor ? [...node.issues, new LoadMoreNode(node)] : [...node.issues];
      }
      if (node instanceof IssueNode) return await this.issueFolders(node);
      if (node instanceof FolderNode) return await this.folderChildren(node);
      return [];
    } catch (error) {
      this.services.log.error(`[issues] could not load the tree: ${(error as Error).message}`);
      if (this.view) this.view.message = `Could not load incidents: ${(error as Error).message}`;
      return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node instanceof GroupNode) return this.groupItem(node);
    if (node instanceof IssueNode) return this.issueItem(node);
    if (node instanceof FolderNode) return this.folderItem(node);
    if (node instanceof LoadMoreNode) {
      const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.description = `${node.parent.issues?.length ?? 0} of ${node.parent.total}`;
      item.contextValue = 'trcaa.loadMore';
      item.command = { command: 'trcaa.issues.loadMore', title: 'Load more', arguments: [node.parent] };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(node.options.icon, node.options.iconColor ? new vscode.ThemeColor(node.options.iconColor) : undefined);
    if (node.options.contextValue) item.contextValue = node.options.contextValue;
    if (node.options.command) item.command = { title: 'Open', ...node.options.command };
    if (node.options.tooltip) item.tooltip = node.options.tooltip; // plain string: never markup
    return item;
  }

  /** The Markdown tooltip, built only when hovered. Every user-typed value goes in as escaped text. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node instanceof IssueNode) item.tooltip = issueTooltip(node.issue);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.countsChanged.dispose();
  }

  private groupKeyOf(issue: Issue): string {
    return `group:${this.groupingMode}:${this.groupingMode === 'status' ? issue.status : issue.severity}`;
  }

  private async rootChildren(): Promise<TreeNode[]> {
    // The first getChildren is VS Code showing the view: the moment to open the database.
    const store = await this.services.store();
    await this.loadCounts(store);
    const counts = this.lastCounts as IssueCounts;
    if (this.view) this.view.message = filterMessage(this.currentFilter);
    if (counts.total === 0 && !isFilterActive(this.currentFilter)) {
      this.groups = new Map();
      return []; // the welcome view (package.json viewsWelcome)
    }
    const keys: GroupKey[] =
      this.groupingMode === 'status'
        ? ISSUE_STATUSES.map((value) => ({ by: 'status', value }))
        : ISSUE_SEVERITIES.map((value) => ({ by: 'severity', value }));
    const groups = new Map<string, GroupNode>();
    for (const key of keys) {
      const existing = this.groups.get(`group:${key.by}:${key.value}`);
      groups.set(`group:${key.by}:${key.value}`, existing ?? new GroupNode(key));
    }
    this.groups = groups;
    await this.loadGroupTotals(store);
    const filtered = isFilterActive(this.currentFilter);
    const shown = [...groups.values()].filter((group) => !filtered || group.total > 0);
    if (filtered && shown.length === 0 && this.view) this.view.message = `${filterMessage(this.currentFilter) ?? ''} No issues match.`;
    return shown;
  }

  private async loadCounts(store: RemoteStore): Promise<void> {
    const counts = await store.issues.counts();
    this.lastCounts = counts;
    if (this.view) {
      const open = counts.byStatus.open + counts.byStatus.investigating;
      this.view.badge = open > 0 ? { value: open, tooltip: `${open} open incident${open === 1 ? '' : 's'}` } : undefined;
    }
    this.countsChanged.fire(counts);
    if (this.groups.size) await this.loadGroupTotals(store);
  }

  /** Group totals: from counts() when nothing is filtered, else one COUNT per group with the filter. */
  private async loadGroupTotals(store: RemoteStore): Promise<void> {
    const counts = this.lastCounts;
    const filtered = isFilterActive(this.currentFilter);
    await Promise.all(
      [...this.groups.values()].map(async (group) => {
        if (!filtered && counts) {
          group.total = group.key.by === 'status' ? counts.byStatus[group.key.value] : counts.bySeverity[group.key.value];
        } else {
          group.total = (await store.issues.list({ ...this.listOptions(group), limit: 1 })).total;
        }
      }),
    );
  }

  private listOptions(group: GroupNode): ListIssuesOptions {
    return groupListOptions(group.key, this.currentFilter);
  }

  private async loadPage(store: RemoteStore, group: GroupNode): Promise<void> {
    const page = await store.issues.list({ ...this.listOptions(group), limit: PAGE_SIZE, ...(group.nextCursor ? { cursor: group.nextCursor } : {}) });
    group.total = page.total;
    group.nextCursor = page.nextCursor;
    const nodes = page.items.map((issue) => new IssueNode(issue, group));
    for (const node of nodes) this.issueNodes.set(node.issue.id, node);
    group.issues = [...(group.issues ?? []), ...nodes];
  }

  private async issueFolders(node: IssueNode): Promise<TreeNode[]> {
    const store = await this.services.store();
    const id = node.issue.id;
    const [logs, images, pii] = await Promise.all([store.logFiles.listForIssue(id), store.images.listForIssue(id), this.piiCounts(id)]);
    this.issueChildren.set(id, { logs, images, pii });
    const logsFolder = new FolderNode('logs', node, logs.length);
    this.logFolders.set(id, logsFolder);
    const folders = { whys: new FolderNode('whys', node), documents: new FolderNode('documents', node), timeline: new FolderNode('timeline', node) };
    this.issueFolderNodes.set(id, folders);
    return [logsFolder, new FolderNode('images', node, images.length), folders.whys, folders.documents, folders.timeline];
  }

  private async folderChildren(node: FolderNode): Promise<TreeNode[]> {
    const store = await this.services.store();
    const issueId = node.parent.issue.id;
    const cached = this.issueChildren.get(issueId);
    const now = Date.now();
    switch (node.folder) {
      case 'logs': {
        const [logs, pii] = await Promise.all([cached?.logs ?? store.logFiles.listForIssue(issueId), cached?.pii ?? this.piiCounts(issueId)]);
        return logs.map((log) => logLeaf(log, pii[log.id], node));
      }
      case 'images': {
        const images = cached?.images ?? (await store.images.listForIssue(issueId));
        return images.map(
          (image) =>
            new LeafNode(image.id, node, image.fileName, formatBytes(image.fileSize), {
              icon: 'file-media',
              contextValue: 'trcaa.image',
              command: { command: 'trcaa.openImage', arguments: [image.id] },
              tooltip: image.filePath,
            }),
        );
      }
      case 'whys': {
        const [steps, rootCause] = await Promise.all([store.steps.listLevels(issueId), store.steps.currentRootCause(issueId)]);
        return whyLeaves(steps, rootCause, node);
      }
      case 'documents':
        return (await store.documents.listForIssue(issueId)).map((doc) => documentLeaf(doc, node, now));
      case 'timeline':
        return (await store.timeline.list(issueId)).map(
          (event) =>
            new LeafNode(event.id, node, event.description, `${formatAge(event.createdAt, now)} ago`.replace(/^now ago$/, 'now'), {
              icon: TIMELINE_ICONS[event.eventType] ?? 'circle-small',
              contextValue: 'trcaa.timelineEvent',
              tooltip: `${event.eventType} · ${event.createdAt} UTC`,
            }),
        );
    }
  }

  private groupItem(group: GroupNode): vscode.TreeItem {
    const label = group.key.by === 'status' ? STATUS_LABELS[group.key.value] : SEVERITY_LABELS[group.key.value];
    const expanded = group.key.by === 'status' ? group.key.value === 'open' || group.key.value === 'investigating' : true;
    const item = new vscode.TreeItem(
      label,
      group.total === 0 ? vscode.TreeItemCollapsibleState.None : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = group.id;
    item.description = String(group.total);
    item.contextValue = `trcaa.group.${group.key.by}`;
    item.iconPath = group.key.by === 'severity' ? severityThemeIcon(group.key.value) : new vscode.ThemeIcon(STATUS_ICONS[group.key.value]);
    item.accessibilityInformation = { label: `${label}, ${group.total} issue${group.total === 1 ? '' : 's'}` };
    return item;
  }

  private issueItem(node: IssueNode): vscode.TreeItem {
    const { issue } = node;
    const item = new vscode.TreeItem(issue.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = issueDescription(issue, Date.now());
    item.iconPath = severityThemeIcon(issue.severity);
    item.contextValue = `trcaa.issue.${issue.status}`;
    item.accessibilityInformation = { label: `${issue.title}, ${issue.severity} severity, ${issue.status}` };
    return item;
  }

  private folderItem(node: FolderNode): vscode.TreeItem {
    const { label, icon } = FOLDERS[node.folder];
    const item = new vscode.TreeItem(node.count === undefined ? label : `${label} (${node.count})`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = `trcaa.folder.${node.folder}`;
    if (node.count === 0) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    return item;
  }
}

const FOLDERS: Record<FolderKind, { label: string; icon: string }> = {
  logs: { label: 'Logs', icon: 'output' },
  images: { label: 'Images', icon: 'file-media' },
  whys: { label: '5 Whys', icon: 'question' },
  documents: { label: 'Documents', icon: 'book' },
  timeline: { label: 'Timeline', icon: 'history' },
};

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
