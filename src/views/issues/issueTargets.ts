// Which issues a command acts on: a tree node (plus the multi-selection VS Code passes from a menu), an id, a
// list of ids, { id } / { ids }, or nothing (the view's selection, else a pick).
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Issue } from '../../core/model/issue';
import type { Services } from '../workbench/services';
import type { IssuesTree } from './issuesTree';
import type { TreeNode } from '../workbench/treeNodes';
import { IssueNode } from '../workbench/treeNodes';

const idsArgument = z.union([
  z.string().min(1).transform((id) => [id]),
  z.array(z.string().min(1)).min(1),
  z.object({ id: z.string().min(1) }).transform(({ id }) => [id]),
  z.object({ ids: z.array(z.string().min(1)).min(1) }).transform(({ ids }) => ids),
]);

/** Ids from a command's first two arguments; undefined when none were given (the caller asks). */
export function idsFromArguments(tree: IssuesTree, first: unknown, second: unknown): string[] | undefined {
  if (first instanceof IssueNode) {
    const selection = Array.isArray(second) ? (second as TreeNode[]) : undefined;
    return tree.selectedIssueIds(first, selection);
  }
  if (first === undefined || first === null) {
    // A key binding or the palette: the view's selection; a selection of logs or groups means no issue (no pick).
    return tree.treeView?.selection.length ? tree.selectedIssueIds() : undefined;
  }
  return idsArgument.parse(first);
}

/** A QuickPick of recent issues, for a command run from the palette with nothing selected. */
export async function pickIssues(services: Services, title: string, canPickMany: boolean): Promise<string[] | undefined> {
  const store = await services.store();
  const page = await store.issues.list({ limit: 200, sort: { field: 'updated_at' } });
  if (page.items.length === 0) {
    void vscode.window.showInformationMessage('TRCAA: there are no incidents yet. Create one with "TRCAA: New Issue".');
    return undefined;
  }
  const items = page.items.map((issue) => issuePickItem(issue));
  if (canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true });
    return picked?.length ? picked.map((item) => item.id) : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
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
