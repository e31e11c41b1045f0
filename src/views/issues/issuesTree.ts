// The Issues view (trcaa.issues): incidents grouped by status or severity, each with its logs, images, 5 Whys,
// documents and timeline. The nodes (issueNodes.ts) render and load themselves; this provider hands them to VS Code
// and follows the change channel: a change re-renders only what it touched (an incident's row, the groups whose
// counts moved, one folder), another window's change reloads what is shown.
import * as vscode from 'vscode';
import type { IssueFilter, IssueGrouping } from '../../core/issues/format';
import { filterMessage, isFilterActive } from '../../core/issues/format';
import type { GroupKey } from '../../core/issues/grouping';
import { groupListOptions } from '../../core/issues/grouping';
import type { Issue, IssueCounts } from '../../core/model/issue';
import { ISSUE_SEVERITIES, ISSUE_STATUSES } from '../../core/model/issueFields';
import type { PiiLogCounts } from '../../core/model/logFile';
import type { RemoteStore } from '../../storage/store';
import type { ChangedEntity, ChangeEvent } from '../workbench/changeChannel';
import type { Services } from '../workbench/services';
import type { TreeNode } from '../workbench/treeNodes';
import type { FolderKind, IssuesModel } from './issueNodes';
import { GroupNode, IssueNode } from './issueNodes';

export { PAGE_SIZE } from './issueNodes';

const GROUPING_KEY = 'trcaa.issues.grouping';
/** Ages ("5m") in the visible rows are re-rendered this often while the view is visible. */
export const AGE_REFRESH_MS = 60_000;

/** Past this many incidents in one change, the tree reloads rather than reading each. */
const BULK_CHANGE = 50;

/** Which folders of an incident a change to an entity touches (the Timeline records most changes). */
const FOLDERS_OF: Partial<Record<ChangedEntity, FolderKind[]>> = {
  log: ['logs', 'timeline'],
  pii: ['logs'],
  image: ['images', 'timeline'],
  step: ['whys', 'timeline'],
  document: ['documents', 'timeline'],
  timeline: ['timeline'],
  externalLink: ['shared', 'timeline'],
};

export class IssuesTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable, IssuesModel {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Ids of the nodes refreshed ('root' for the whole tree), in order: tests check that a change stays local. */
  readonly refreshed: string[] = [];
  private readonly countsChanged = new vscode.EventEmitter<IssueCounts>();
  /** Fires with fresh counts after every load or change: the status bar listens. */
  readonly onDidChangeCounts = this.countsChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  private view: vscode.TreeView<TreeNode> | undefined;
  private groups = new Map<string, GroupNode>();
  /** Issue id → its row, for the incidents loaded into a group. */
  private readonly issueNodes = new Map<string, IssueNode>();
  /** Group id → open or closed, as the user (or a reveal) left it: kept across refreshes and grouping toggles. */
  private readonly groupState = new Map<string, boolean>();
  private groupingMode: IssueGrouping;
  private currentFilter: IssueFilter = {};
  private lastCounts: IssueCounts | undefined;
  private ageTimer: ReturnType<typeof setInterval> | undefined;

  /** The changes heard and not yet applied (onChange never throws). */
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly services: Services) {
    this.changed.event((node) => {
      if (this.refreshed.push(node ? node.id : 'root') > 1000) this.refreshed.splice(0, 500);
    });
    const saved = services.context.workspaceState.get<string>(GROUPING_KEY);
    this.groupingMode = saved === 'severity' ? 'severity' : 'status';
    // Changes are applied in order, and a read of the tree waits for those already heard: a command's write has
    // reached the tree by the time anything asks for it after the command.
    this.disposables.push(services.changes.onDidChange((event) => (this.applying = this.applying.then(() => this.onChange(event)))));
  }

  /** Creates the view; the attachments work passes its drag-and-drop controller here. */
  createView(options: { dragAndDropController?: vscode.TreeDragAndDropController<TreeNode> } = {}): vscode.TreeView<TreeNode> {
    const view = vscode.window.createTreeView('trcaa.issues', {
      treeDataProvider: this,
      showCollapseAll: true,
      canSelectMany: true,
      ...(options.dragAndDropController ? { dragAndDropController: options.dragAndDropController } : {}),
    });
    this.view = view;
    this.disposables.push(
      view.onDidExpandElement(({ element }) => {
        if (element instanceof GroupNode) this.groupState.set(element.id, true);
      }),
      view.onDidCollapseElement(({ element }) => {
        if (element instanceof GroupNode) this.groupState.set(element.id, false);
      }),
      view.onDidChangeVisibility(({ visible }) => this.tickAgesWhile(visible)),
    );
    this.tickAgesWhile(view.visible);
    this.showMode();
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.filtered', false);
    return view;
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

  // IssuesModel: what the nodes ask the tree.
  store(): Promise<RemoteStore> {
    return this.services.store();
  }
  expanded(groupId: string): boolean | undefined {
    return this.groupState.get(groupId);
  }
  loaded(node: IssueNode): void {
    this.issueNodes.set(node.issue.id, node);
  }
  async piiCounts(issueId: string): Promise<Record<string, PiiLogCounts>> {
    try {
      return await (await this.services.store()).piiSpans.countsForIssue(issueId);
    } catch (error) {
      this.services.log.warn(`[issues] PII counts unavailable: ${(error as Error).message}`);
      return {};
    }
  }

  async setGrouping(mode: IssueGrouping): Promise<void> {
    this.groupingMode = mode;
    await this.services.context.workspaceState.update(GROUPING_KEY, mode);
    this.showMode();
    this.refresh();
  }

  /** The mode in the view's title ("by status") and the context key the toggle's `when` reads. */
  private showMode(): void {
    if (this.view) this.view.description = `by ${this.groupingMode}`;
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.grouping', this.groupingMode);
  }

  setFilter(filter: IssueFilter): void {
    this.currentFilter = { ...filter };
    const active = isFilterActive(filter);
    void vscode.commands.executeCommand('setContext', 'trcaa.issues.filtered', active);
    if (this.view) this.view.message = filterMessage(filter);
    this.refresh();
  }

  /** Everything again (Refresh, grouping or filter change, another window's change). Ids are stable: rows stay open. */
  refresh(): void {
    this.groups = new Map();
    this.issueNodes.clear();
    this.changed.fire(undefined);
    // The badge and the status bar follow even while the view is hidden (once the database was opened).
    if (this.lastCounts) void this.services.store().then((store) => this.loadCounts(store)).catch(() => undefined);
  }

  /** What a change in the database means for the rows shown: only those re-render. */
  private async onChange(event: ChangeEvent): Promise<void> {
    try {
      // Another window's write, or one that names no incident (an import): reload what is shown.
      if (event.external || event.changes.some((change) => change.entity !== 'issue' && FOLDERS_OF[change.entity] && !change.issueId)) {
        this.refresh();
        return;
      }
      const issueIds = new Set<string>();
      const folders = new Map<string, Set<FolderKind>>();
      for (const change of event.changes) {
        if (change.entity === 'issue') {
          if (change.ids.length === 0) {
            this.refresh();
            return;
          }
          for (const id of change.ids) issueIds.add(id);
          // A status or severity change is on the timeline too.
          for (const id of change.ids) folders.set(id, new Set([...(folders.get(id) ?? []), 'timeline']));
        } else if (change.issueId && FOLDERS_OF[change.entity]) {
          folders.set(change.issueId, new Set([...(folders.get(change.issueId) ?? []), ...(FOLDERS_OF[change.entity] ?? [])]));
        }
      }
      // Many incidents at once (a bulk status change, an import): one reload is cheaper than one read each.
      if (issueIds.size > BULK_CHANGE) {
        this.refresh();
        return;
      }
      if (issueIds.size) await this.issuesChanged([...issueIds]);
      for (const [issueId, kinds] of folders) await this.reloadFolders(issueId, kinds);
    } catch (error) {
      this.services.log.warn(`[issues] could not follow a change: ${(error as Error).message}`);
    }
  }

  /** Re-reads those folders of the incident, where shown, and re-renders each. */
  private async reloadFolders(issueId: string, kinds: Iterable<FolderKind>): Promise<void> {
    const node = this.issueNodes.get(issueId);
    const folders = node?.folders;
    if (!node || !folders) return;
    for (const kind of kinds) {
      const folder = folders[kind];
      const wasHidden = folder.hidden;
      await folder.load();
      // A folder that appears or goes (Shared) changes the incident's children, not just its own.
      this.changed.fire(folder.hidden === wasHidden ? folder : node);
    }
  }

  /**
   * Incidents were created, edited, moved between groups or deleted: re-renders each row that stays in its group,
   * and reloads the counts and the groups that held or now hold the others.
   */
  private async issuesChanged(ids: string[]): Promise<void> {
    const store = await this.services.store();
    const now = (await Promise.all(ids.map((id) => store.issues.get(id)))).filter((issue): issue is Issue => !!issue);
    const before = ids.flatMap((id) => {
      const node = this.issueNodes.get(id);
      return node ? [node.issue] : [];
    });
    const totalBefore = this.lastCounts?.total ?? 0;
    await this.loadCounts(store);
    if (this.groups.size === 0 || (totalBefore === 0) !== ((this.lastCounts?.total ?? 0) === 0)) {
      // Nothing shown yet, or the welcome view shows or goes: the root changes.
      this.refresh();
      return;
    }
    const affected = new Set<string>();
    const stayed: IssueNode[] = [];
    for (const issue of now) {
      const node = this.issueNodes.get(issue.id);
      if (node && node.parent.id === this.groupKeyOf(issue) && !isFilterActive(this.currentFilter)) {
        node.issue = issue;
        stayed.push(node);
      } else affected.add(this.groupKeyOf(issue));
    }
    for (const issue of before) if (!stayed.some((node) => node.issue.id === issue.id)) affected.add(this.groupKeyOf(issue));
    const totals = new Map([...this.groups].map(([id, group]) => [id, group.total]));
    await this.loadGroupTotals(store);
    let rootChanged = false;
    for (const id of affected) {
      const group = this.groups.get(id);
      if (!group) {
        rootChanged = true;
        continue;
      }
      for (const node of group.issues ?? []) this.issueNodes.delete(node.issue.id);
      group.reset();
    }
    // Under a filter an empty group is hidden: the root changes with the counts.
    if (rootChanged || isFilterActive(this.currentFilter)) {
      this.refresh();
      return;
    }
    for (const node of stayed) this.changed.fire(node);
    for (const [id, group] of this.groups) if (affected.has(id) || totals.get(id) !== group.total) this.changed.fire(group);
  }

  /** The incident rows of the selection (or of `nodes`). */
  selectedNodes(): readonly TreeNode[] {
    return this.view?.selection ?? [];
  }

  groupById(id: string): GroupNode | undefined {
    return this.groups.get(id);
  }

  async loadMore(group: GroupNode): Promise<void> {
    if (!group.nextCursor) return;
    await group.loadPage();
    this.changed.fire(group);
  }

  /**
   * Shows an incident in the tree and selects it: its group is opened (even one the user had closed, such as
   * Resolved after a status change), paged until the row is loaded. Reads the incident afresh, so it finds it
   * where it is now even before the change has reached the tree.
   */
  async reveal(issueId: string): Promise<boolean> {
    const store = await this.services.store();
    const issue = await store.issues.get(issueId);
    if (!issue) return false;
    if (this.groups.size === 0) {
      // The welcome view (or nothing loaded yet): the groups first.
      this.refresh();
      await this.getChildren();
    }
    let group = this.groups.get(this.groupKeyOf(issue));
    if (!group && isFilterActive(this.currentFilter)) {
      // Hidden by the filter: show everything rather than fail.
      this.setFilter({});
      await this.getChildren();
      group = this.groups.get(this.groupKeyOf(issue));
    }
    if (!group) return false;
    const known = this.issueNodes.get(issueId);
    if (!known || known.parent !== group) {
      // New, or moved since it was loaded: the groups that held it and hold it now read again.
      for (const stale of new Set([group, ...(known ? [known.parent] : [])])) {
        for (const node of stale.issues ?? []) this.issueNodes.delete(node.issue.id);
        stale.reset();
        if (stale !== group) this.changed.fire(stale);
      }
      await this.loadCounts(store);
      await this.loadGroupTotals(store);
    }
    if (!group.issues) await group.getChildren();
    while (!this.issueNodes.has(issueId) && group.nextCursor) await group.loadPage();
    const node = this.issueNodes.get(issueId);
    if (!node) return false;
    node.issue = issue;
    this.groupState.set(group.id, true);
    this.changed.fire(group);
    try {
      await this.view?.reveal(node, { select: true, focus: true, expand: false });
    } catch {
      // A change reloaded the group meanwhile: reveal its new row.
      const again = this.issueNodes.get(issueId);
      if (!again) return false;
      await this.view?.reveal(again, { select: true, focus: true, expand: false });
    }
    return true;
  }

  /** Re-renders the incident rows shown, so their ages ("5m") stay true. */
  tickAges(): void {
    for (const group of this.groups.values()) {
      if (this.groupState.get(group.id) === false) continue;
      for (const node of group.issues ?? []) this.changed.fire(node);
    }
  }

  private tickAgesWhile(visible: boolean): void {
    clearInterval(this.ageTimer);
    this.ageTimer = visible ? setInterval(() => this.tickAges(), AGE_REFRESH_MS) : undefined;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Resolves once the changes heard so far are applied. */
  settled(): Promise<void> {
    return this.applying;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    await this.applying;
    try {
      return node ? await node.getChildren() : await this.rootChildren();
    } catch (error) {
      this.services.log.error(`[issues] could not load the tree: ${(error as Error).message}`);
      if (this.view) this.view.message = `Could not load incidents: ${(error as Error).message}`;
      return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  /** The Markdown tooltip, built only when hovered. Every user-typed value goes in as escaped text. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node instanceof IssueNode) item.tooltip = node.resolveTooltip();
    return item;
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    for (const disposable of this.disposables) disposable.dispose();
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
      const id = `group:${key.by}:${key.value}`;
      groups.set(id, this.groups.get(id) ?? new GroupNode(key, this));
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
          group.total = (await store.issues.list({ ...this.listOptionsOf(group), limit: 1 })).total;
        }
      }),
    );
  }

  private listOptionsOf(group: GroupNode) {
    return groupListOptions(group.key, this.currentFilter);
  }
}
