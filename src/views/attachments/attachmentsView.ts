// The All Attachments view (trcaa.attachments): logs and images of every incident, with their issue's title,
// filterable by name, 100 rows at a time with "Load more".
import * as vscode from 'vscode';
import { formatSize } from '../../core/attach/attachHelpers';
import type { ImageAttachmentWithIssue } from '../../core/model/image';
import type { LogFileWithIssue } from '../../core/model/logFile';
import type { Services } from '../workbench/services';

export const PAGE_SIZE = 100;

type Kind = 'logs' | 'images';

export type AttachmentNode =
  | { type: 'group'; kind: Kind; total: number }
  | { type: 'log'; row: LogFileWithIssue; logFileId: string }
  | { type: 'image'; row: ImageAttachmentWithIssue; imageId: string }
  | { type: 'more'; kind: Kind; shown: number; total: number };

export class AttachmentsTreeProvider implements vscode.TreeDataProvider<AttachmentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AttachmentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** Rows shown so far per kind (grown by "Load more"); reset by refresh and filter. */
  private readonly limits: Record<Kind, number> = { logs: PAGE_SIZE, images: PAGE_SIZE };
  view?: vscode.TreeView<AttachmentNode>;

  constructor(private readonly services: Services) {}

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

  private soon: ReturnType<typeof setTimeout> | undefined;

  /** A refresh after a burst of changes elsewhere (the issues tree fires one per refreshed node). */
  refreshSoon(): void {
    clearTimeout(this.soon);
    this.soon = setTimeout(() => this.refresh(), 200);
  }

  loadMore(kind: Kind): void {
    this.limits[kind] += PAGE_SIZE;
    this.changed.fire(undefined);
  }

  async getChildren(node?: AttachmentNode): Promise<AttachmentNode[]> {
    const store = await this.services.store();
    const nameFilter = this.filterText || undefined;
    if (!node) {
      const [logs, images] = await Promise.all([store.attachments.listLogs({ nameFilter, limit: 1 }), store.attachments.listImages({ nameFilter, limit: 1 })]);
      // Empty and unfiltered: no rows, so VS Code shows the viewsWelcome content.
      if (!logs.total && !images.total && !nameFilter) return [];
      return [
        { type: 'group', kind: 'logs', total: logs.total },
        { type: 'group', kind: 'images', total: images.total },
      ];
    }
    if (node.type !== 'group') return [];
    const limit = this.limits[node.kind];
    const out: AttachmentNode[] = [];
    let total: number;
    if (node.kind === 'logs') {
      const page = await pageAll((offset, size) => store.attachments.listLogs({ nameFilter, limit: size, offset }), limit);
      total = page.total;
      out.push(...page.rows.map((row): AttachmentNode => ({ type: 'log', row, logFileId: row.id })));
    } else {
      const page = await pageAll((offset, size) => store.attachments.listImages({ nameFilter, limit: size, offset }), limit);
      total = page.total;
      out.push(...page.rows.map((row): AttachmentNode => ({ type: 'image', row, imageId: row.id })));
    }
    if (out.length < total) out.push({ type: 'more', kind: node.kind, shown: out.length, total });
    return out;
  }

  getTreeItem(node: AttachmentNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(node.kind === 'logs' ? 'Logs' : 'Images', node.total ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `group:${node.kind}`;
        item.description = String(node.total);
        item.iconPath = new vscode.ThemeIcon(node.kind === 'logs' ? 'output' : 'file-media');
        item.contextValue = `trcaa.attachments.${node.kind}`;
        return item;
      }
      case 'log': {
        const { row } = node;
        const item = new vscode.TreeItem(row.fileName, vscode.TreeItemCollapsibleState.None);
        item.id = `log:${row.id}`;
        item.description = row.issueTitle;
        // A plain-string tooltip: user text is never rendered as markup.
        item.tooltip = `${row.fileName}\n${row.filePath}\nIssue: ${row.issueTitle}\n${row.fileSize === null ? '' : formatSize(row.fileSize)} · attached ${row.uploadedAt} UTC${row.redacted ? ' · redacted' : ''}\nSHA-256 ${row.contentHash ?? '—'}`;
        item.iconPath = new vscode.ThemeIcon(row.redacted ? 'shield' : 'output');
        item.contextValue = 'trcaa.log';
        item.command = { command: 'trcaa.openLog', title: 'Open Log', arguments: [row.id] };
        return item;
      }
      case 'image': {
        const { row } = node;
        const item = new vscode.TreeItem(row.fileName, vscode.TreeItemCollapsibleState.None);
        item.id = `image:${row.id}`;
        item.description = row.issueTitle;
        item.tooltip = `${row.fileName}\nIssue: ${row.issueTitle}\n${row.mimeType} · ${formatSize(row.fileSize)} · attached ${row.uploadedAt} UTC`;
        item.iconPath = new vscode.ThemeIcon('file-media');
        item.contextValue = 'trcaa.image';
        item.command = { command: 'trcaa.openImage', title: 'Open Image', arguments: [row.id] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.kind}:${node.shown}`;
        item.description = `${node.shown} of ${node.total}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'trcaa.attachments.loadMore', title: 'Load more', arguments: [node.kind] };
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.soon);
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
