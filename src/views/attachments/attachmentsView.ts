// The All Attachments view (trcaa.attachments): logs and images of every incident, drawn by the same leaves as the
// Issues tree (a log's review state included) with their incident's title, filterable by name, 100 rows at a time
// with "Load more". It follows the change channel: any change to logs, images, PII or incidents re-reads it.
import * as vscode from 'vscode';
import type { PiiLogCounts } from '../../core/model/logFile';
import { touches } from '../workbench/changeChannel';
import { CONTEXT } from '../workbench/contextValues';
import type { Services } from '../workbench/services';
import { LoadMoreNode, TreeNode } from '../workbench/treeNodes';
import { imageLeaf, logLeaf } from './logLeaf';

export const PAGE_SIZE = 100;

type Kind = 'logs' | 'images';

/** The Logs or Images header: its rows are every incident's, a page at a time. */
export class AttachmentGroupNode extends TreeNode {
  readonly parent = undefined;
  constructor(
    readonly kind: Kind,
    readonly total: number,
    private readonly view: AttachmentsTreeProvider,
  ) {
    super();
  }
  get id(): string {
    return `group:${this.kind}`;
  }
  describe(): string {
    return `the ${this.kind === 'logs' ? 'Logs' : 'Images'} header`;
  }
  override getChildren(): Promise<TreeNode[]> {
    return this.view.rowsOf(this);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.kind === 'logs' ? 'Logs' : 'Images', this.total ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = String(this.total);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'logs' ? 'output' : 'file-media');
    item.contextValue = this.kind === 'logs' ? CONTEXT.attachmentsLogs : CONTEXT.attachmentsImages;
    return item;
  }
}

export class AttachmentsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** Rows shown so far per kind (grown by "Load more"); reset by refresh and filter. */
  private readonly limits: Record<Kind, number> = { logs: PAGE_SIZE, images: PAGE_SIZE };
  private readonly subscription: vscode.Disposable;
  private soon: ReturnType<typeof setTimeout> | undefined;
  view?: vscode.TreeView<TreeNode>;

  constructor(private readonly services: Services) {
    // A burst of changes (an attach writes a log, its spans, the timeline) is one re-read.
    this.subscription = services.changes.onDidChange((event) => {
      if (touches(event, 'log', 'image', 'pii', 'issue')) this.refreshSoon();
    });
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.limits.logs = this.limits.images = PAGE_SIZE;
    if (this.view) this.view.message = this.filterText ? `Showing attachments whose name contains "${this.filterText}".` : undefined;
    void vscode.commands.executeCommand('setContext', 'trcaa.attachments.filtered', !!this.filterText);
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.limits.logs = this.limits.images = PAGE_SIZE;
    this.changed.fire(undefined);
  }

  private refreshSoon(): void {
    clearTimeout(this.soon);
    this.soon = setTimeout(() => this.changed.fire(undefined), 50);
  }

  loadMore(kind: Kind): void {
    this.limits[kind] += PAGE_SIZE;
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    const store = await this.services.store();
    const nameFilter = this.filterText || undefined;
    const [logs, images] = await Promise.all([store.attachments.listLogs({ nameFilter, limit: 1 }), store.attachments.listImages({ nameFilter, limit: 1 })]);
    // Empty and unfiltered: no rows, so VS Code shows the viewsWelcome content.
    if (!logs.total && !images.total && !nameFilter) return [];
    return [new AttachmentGroupNode('logs', logs.total, this), new AttachmentGroupNode('images', images.total, this)];
  }

  /** A header's rows: the first `limit` of them, then "Load more". */
  async rowsOf(group: AttachmentGroupNode): Promise<TreeNode[]> {
    const store = await this.services.store();
    const nameFilter = this.filterText || undefined;
    const limit = this.limits[group.kind];
    const out: TreeNode[] = [];
    let total: number;
    if (group.kind === 'logs') {
      const page = await pageAll((offset, size) => store.attachments.listLogs({ nameFilter, limit: size, offset }), limit);
      total = page.total;
      const pii = await this.piiCounts([...new Set(page.rows.map((row) => row.issueId))]);
      out.push(...page.rows.map((row) => logLeaf({ ...row, compressedSize: null }, pii[row.id], group, { issueTitle: row.issueTitle })));
    } else {
      const page = await pageAll((offset, size) => store.attachments.listImages({ nameFilter, limit: size, offset }), limit);
      total = page.total;
      out.push(...page.rows.map((row) => imageLeaf({ ...row, hasData: true }, group, { issueTitle: row.issueTitle })));
    }
    if (out.length < total) out.push(new LoadMoreNode(group, out.length, total, { command: 'trcaa.attachments.loadMore', arguments: [group.kind] }));
    return out;
  }

  /** PII counts of the logs of these incidents ({} for one whose counts cannot be read: its rows still show). */
  private async piiCounts(issueIds: string[]): Promise<Record<string, PiiLogCounts>> {
    const store = await this.services.store();
    const all = await Promise.all(issueIds.map((id) => store.piiSpans.countsForIssue(id).catch(() => ({}))));
    return Object.assign({}, ...all) as Record<string, PiiLogCounts>;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    clearTimeout(this.soon);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Reads `limit` rows in pages the repository accepts. */
async function pageAll<T>(read: (offset: number, size: number) => Promise<{ rows: T[]; total: number }>, limit: number): Promise<{ rows: T[]; total: number }> {
  const rows: T[] = [];
  let total = 0;
  while (rows.length < limit) {
    const page = await read(rows.length, Math.min(PAGE_SIZE, limit - rows.length));
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= total) break;
  }
  return { rows, total };
}
