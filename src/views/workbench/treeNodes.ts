// The one node hierarchy of the Issues and All Attachments views. Each node renders itself (getTreeItem) and loads
// its own children (getChildren, from the store); the providers only hand VS Code what the nodes say. Ids are built
// from entity ids, so VS Code keeps expansion and selection across refreshes; each node knows its parent (reveal)
// and the incident it belongs to (the resolver in targets.ts reads that).
import * as vscode from 'vscode';
import { CONTEXT } from './contextValues';

/** What a row can stand for: the resolver turns a node into targets of these kinds. */
export type TargetKind = 'issue' | 'log' | 'image' | 'document' | 'why';

/** One entity a row stands for: its kind, its id, its incident; a 5 Whys row also its level. */
export interface NodeTarget {
  kind: TargetKind;
  id: string;
  issueId: string;
  level?: number;
}

export abstract class TreeNode {
  abstract readonly id: string;
  abstract readonly parent: TreeNode | undefined;
  /** The incident the row belongs to (undefined for rows above incidents: groups, headers). */
  get issueId(): string | undefined {
    return this.parent?.issueId;
  }
  /** The entity the row stands for, when it stands for one (an incident, a log, a document, a why…). */
  get target(): NodeTarget | undefined {
    return undefined;
  }
  /** A short name of what the row is, for messages ("the Timeline folder"). */
  abstract describe(): string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

export interface LeafOptions {
  icon: string;
  iconColor?: string;
  contextValue: string;
  command?: { command: string; arguments: unknown[] };
  /** Plain text: never rendered as markup (it holds user text). */
  tooltip?: string;
}

/** A row under a folder or header: a log, an image, a 5 Whys level, a document or a timeline event. */
export class LeafNode extends TreeNode {
  constructor(
    /** The entity (kind undefined: a row that stands for nothing a command takes, e.g. a timeline event). */
    readonly entity: { kind?: TargetKind; id: string; issueId?: string; level?: number },
    readonly parent: TreeNode,
    readonly label: string,
    readonly description: string,
    readonly options: LeafOptions,
  ) {
    super();
  }
  get id(): string {
    return `${this.parent.id}:${this.entity.id}`;
  }
  get entityId(): string {
    return this.entity.id;
  }
  override get issueId(): string | undefined {
    return this.entity.issueId ?? this.parent.issueId;
  }
  override get target(): NodeTarget | undefined {
    const issueId = this.issueId;
    const { kind } = this.entity;
    if (!kind || !issueId) return undefined;
    return { kind, id: this.entity.id, issueId, ...(this.entity.level === undefined ? {} : { level: this.entity.level }) };
  }
  describe(): string {
    return `"${this.label}"`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.description;
    const { icon, iconColor, contextValue, command, tooltip } = this.options;
    item.iconPath = new vscode.ThemeIcon(icon, iconColor ? new vscode.ThemeColor(iconColor) : undefined);
    item.contextValue = contextValue;
    if (command) item.command = { title: 'Open', ...command };
    if (tooltip) item.tooltip = tooltip;
    return item;
  }
}

/** What an empty folder says, with the command that fills it ("No documents yet — Generate RCA"). */
export class PlaceholderNode extends TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly label: string,
    readonly command: { command: string; title: string; arguments: unknown[] },
  ) {
    super();
  }
  get id(): string {
    return `${this.parent.id}:empty`;
  }
  describe(): string {
    return `"${this.label}"`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('info');
    item.contextValue = CONTEXT.placeholder;
    item.command = this.command;
    return item;
  }
}

/** "Load more…" at the end of a page: its command fetches the next page of its parent. */
export class LoadMoreNode extends TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly shown: number,
    readonly total: number,
    readonly command: { command: string; arguments: unknown[] },
  ) {
    super();
  }
  get id(): string {
    return `${this.parent.id}:more`;
  }
  describe(): string {
    return 'the "Load more" row';
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.description = `${this.shown} of ${this.total}`;
    item.contextValue = CONTEXT.loadMore;
    item.command = { title: 'Load more', ...this.command };
    return item;
  }
}
