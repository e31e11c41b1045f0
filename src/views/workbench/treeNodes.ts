// The Issues tree's nodes. Each knows its parent (getParent, reveal) and has an id built from entity ids, so
// VS Code keeps expansion and selection across refreshes.
import type { IssueGrouping } from '../../core/issues/format';
import type { GroupKey } from '../../core/issues/grouping';
import type { Issue } from '../../core/model/issue';

export type { GroupKey } from '../../core/issues/grouping';

export class GroupNode {
  readonly kind = 'group';
  /** Issues loaded so far (pages of 200), in list order; undefined until first expanded or after a refresh. */
  issues: IssueNode[] | undefined;
  nextCursor: string | undefined;
  total = 0;
  constructor(readonly key: GroupKey) {}
  get id(): string {
    return `group:${this.key.by}:${this.key.value}`;
  }
  get grouping(): IssueGrouping {
    return this.key.by;
  }
}

export class IssueNode {
  readonly kind = 'issue';
  constructor(
    public issue: Issue,
    readonly parent: GroupNode,
  ) {}
  get id(): string {
    return `issue:${this.issue.id}`;
  }
}

export type FolderKind = 'logs' | 'images' | 'whys' | 'documents' | 'timeline';
/** The folders a command re-renders after a change (Logs have their own refresh, with PII counts). */
export type RefreshableFolder = 'whys' | 'documents' | 'timeline';
/** Re-renders those folders of an issue in the Issues view, where shown. */
export type RefreshFolders = (issueId: string, ...folders: RefreshableFolder[]) => void;

export class FolderNode {
  readonly kind = 'folder';
  constructor(
    readonly folder: FolderKind,
    readonly parent: IssueNode,
    /** Rows under it, when the issue node loaded them (Logs and Images show their count). */
    readonly count?: number,
  ) {}
  get id(): string {
    return `${this.parent.id}:${this.folder}`;
  }
}

/** A row under a folder: a log, an image, a 5 Whys level, a document or a timeline event. */
export class LeafNode {
  readonly kind = 'leaf';
  constructor(
    readonly entityId: string,
    readonly parent: FolderNode,
    readonly label: string,
    readonly description: string,
    readonly options: { icon: string; iconColor?: string; contextValue?: string; command?: { command: string; arguments: unknown[] }; tooltip?: string } = { icon: 'circle-small' },
  ) {}
  get id(): string {
    return `${this.parent.id}:${this.entityId}`;
  }
}

export class LoadMoreNode {
  readonly kind = 'more';
  constructor(readonly parent: GroupNode) {}
  get id(): string {
    return `${this.parent.id}:more`;
  }
}

export type TreeNode = GroupNode | IssueNode | FolderNode | LeafNode | LoadMoreNode;
