// The one resolver from a command's arguments to what it acts on. VS Code and code pass many shapes: a tree row
// (with the multi-selection as the second argument, from a menu), a trcaa-log: or trcaa-doc: URI (editor menus),
// an id, ids, { id } / { ids }, or nothing (a key binding or the palette: the view's selection, else a QuickPick).
// A row of the wrong kind is explained ("Copy Issue ID needs an incident: the Open group is not one"), never
// silently ignored; any row of an incident (a folder, a log, a why) stands for that incident.
import * as vscode from 'vscode';
import type { Issue } from '../../core/model/issue';
import { idOf, idsOf } from './ids';
import type { Services } from './services';
import type { TargetKind } from './treeNodes';
import { TreeNode } from './treeNodes';

export type { TargetKind } from './treeNodes';

/** One thing a command acts on. `issueId` is known for rows and URIs, not always for a bare id. */
export interface Target {
  kind: TargetKind;
  id: string;
  issueId?: string;
  level?: number;
}

export interface ResolveOptions {
  /** What the command needs. */
  kind: TargetKind;
  /** The command's title, for the QuickPick and messages ("TRCAA: Set Status"). */
  title: string;
  /** Several targets allowed (a multi-selection, ids, a multi-pick). */
  many?: boolean;
  /** The selection of the view the command belongs to, used when nothing was passed. */
  selection?: () => readonly TreeNode[];
}

const KIND_NAMES: Record<TargetKind, string> = { issue: 'an incident', log: 'a log', image: 'an image', document: 'a document', why: 'a 5 Whys level' };

/** What one tree row means for a command that needs `kind`; an Error that says why when it means nothing. */
export function targetOfNode(node: TreeNode, kind: TargetKind, title: string): Target {
  if (kind === 'issue' && node.issueId) return { kind, id: node.issueId, issueId: node.issueId };
  const target = node.target;
  if (target?.kind === kind) return target;
  throw new Error(`${title.replace(/^TRCAA: /, '')} needs ${KIND_NAMES[kind]}: ${node.describe()} is not one.`);
}

function validId(value: string | null, uri: vscode.Uri): string {
  const id = idOf(value);
  if (!id) throw new Error(`${uri.scheme}: ${uri.path} carries no valid id.`);
  return id;
}

/** The ids in a trcaa-log: or trcaa-doc: URI, as a target of `kind`; an Error for any other URI. */
async function targetOfUri(services: Services, uri: vscode.Uri, kind: TargetKind, title: string): Promise<Target> {
  const query = new URLSearchParams(uri.query);
  if (uri.scheme === 'trcaa-log' && query.get('id')) {
    const logId = validId(query.get('id'), uri);
    if (kind === 'log') return { kind, id: logId };
    if (kind === 'issue') {
      const log = await (await services.store()).logFiles.get(logId);
      if (log) return { kind, id: log.issueId, issueId: log.issueId };
    }
  }
  if (uri.scheme === 'trcaa-doc' && query.get('doc') && query.get('issue')) {
    const issueId = validId(query.get('issue'), uri);
    if (kind === 'document') return { kind, id: validId(query.get('doc'), uri), issueId };
    if (kind === 'issue') return { kind, id: issueId, issueId };
  }
  throw new Error(`${title.replace(/^TRCAA: /, '')} needs ${KIND_NAMES[kind]}: ${uri.scheme}: ${uri.path} is not one.`);
}

/**
 * The targets of a command from its arguments (`args` as VS Code passed them). Undefined when the user dismissed
 * the QuickPick, or when nothing was passed or selected and `kind` has no pick (the caller says what is needed).
 */
export async function resolveTargets(services: Services, args: readonly unknown[], options: ResolveOptions): Promise<Target[] | undefined> {
  const [first, second] = args;
  const { kind, title } = options;
  let targets: Target[] | undefined;
  if (first instanceof TreeNode) {
    // From a menu: the clicked row, or the whole selection when the row was part of it.
    const nodes = Array.isArray(second) && second.includes(first) ? (second as TreeNode[]) : [first];
    targets = nodes.map((node) => targetOfNode(node, kind, title));
  } else if (first instanceof vscode.Uri) {
    targets = [await targetOfUri(services, first, kind, title)];
  } else if (first === undefined || first === null) {
    // A key binding or the palette: the selection's targets (any row of an incident is that incident), else ask.
    const fitting = (options.selection?.() ?? []).flatMap((node) => {
      try {
        return [targetOfNode(node, kind, title)];
      } catch {
        return [];
      }
    });
    targets = fitting.length ? fitting : kind === 'issue' ? await pickIssueTargets(services, title, !!options.many) : undefined;
  } else {
    const ids = idsOf(first);
    if (!ids) throw new Error(`${title.replace(/^TRCAA: /, '')} needs ${KIND_NAMES[kind]}: ${JSON.stringify(first)?.slice(0, 80) ?? String(first)} is not an id.`);
    targets = ids.map((one) => ({ kind, id: one, ...(kind === 'issue' ? { issueId: one } : {}) }));
  }
  if (!targets?.length) return undefined;
  const unique = [...new Map(targets.map((target) => [target.id, target])).values()];
  return options.many ? unique : unique.slice(0, 1);
}

/** The one target of a command (the first when several were selected). */
export async function resolveTarget(services: Services, args: readonly unknown[], options: ResolveOptions): Promise<Target | undefined> {
  return (await resolveTargets(services, args, { ...options, many: false }))?.[0];
}

async function pickIssueTargets(services: Services, title: string, many: boolean): Promise<Target[] | undefined> {
  const ids = await pickIssues(services, title, many);
  return ids?.map((one) => ({ kind: 'issue', id: one, issueId: one }));
}

/** A QuickPick of recent incidents (through the UI port), for a command run with nothing selected. */
export async function pickIssues(services: Services, title: string, canPickMany: boolean): Promise<string[] | undefined> {
  const store = await services.store();
  const page = await store.issues.list({ limit: 200, sort: { field: 'updated_at' } });
  if (page.items.length === 0) {
    void services.ui.showInformationMessage('TRCAA: there are no incidents yet. Create one with "TRCAA: New Issue".');
    return undefined;
  }
  const items = page.items.map((issue) => issuePickItem(issue));
  if (canPickMany) {
    const picked = await services.ui.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
    return picked?.length ? picked.map((item) => item.id) : undefined;
  }
  const picked = await services.ui.showQuickPick(items, { title, matchOnDescription: true });
  return picked ? [picked.id] : undefined;
}

/** QuickPick labels render $(icon) syntax: user text must not turn into icons. */
export const plainLabel = (text: string) => text.replace(/\$\(/g, '$\u200b(');

export function issuePickItem(issue: Issue): vscode.QuickPickItem & { id: string } {
  return {
    id: issue.id,
    label: plainLabel(issue.title),
    description: `${issue.severity} · ${issue.status}${issue.category ? ` · ${plainLabel(issue.category)}` : ''}`,
  };
}
