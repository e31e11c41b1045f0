// Test mode only: the Issues view as data (labels, descriptions, icons, tooltips), read through the same
// getChildren/getTreeItem/resolveTreeItem calls VS Code makes.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { IssuesTree } from './issuesTree';
import type { TreeNode } from '../workbench/treeNodes';
import { IssueNode } from './issueNodes';
import type { IssuesStatusBar } from './statusBar';

export interface SerializedItem {
  id: string | undefined;
  label: string;
  description: string | undefined;
  icon: string | undefined;
  color: string | undefined;
  contextValue: string | undefined;
  tooltip: string | undefined;
  tooltipIsTrusted?: boolean;
  tooltipSupportsHtml?: boolean;
  command: { command: string; arguments: unknown[] } | undefined;
  children?: SerializedItem[];
}

const argsSchema = z.strictObject({ expand: z.array(z.string()).optional() }).optional();

async function serialize(tree: IssuesTree, node: TreeNode, expand: Set<string>, depth: number): Promise<SerializedItem> {
  let item = tree.getTreeItem(node);
  if (node instanceof IssueNode) item = tree.resolveTreeItem(item, node);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  const tooltip = item.tooltip;
  const out: SerializedItem = {
    id: item.id,
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    description: typeof item.description === 'string' ? item.description : undefined,
    icon: icon?.id,
    color: icon?.color?.id,
    contextValue: item.contextValue,
    tooltip: tooltip instanceof vscode.MarkdownString ? tooltip.value : tooltip,
    command: item.command ? { command: item.command.command, arguments: item.command.arguments ?? [] } : undefined,
  };
  if (tooltip instanceof vscode.MarkdownString) {
    out.tooltipIsTrusted = !!tooltip.isTrusted;
    out.tooltipSupportsHtml = !!tooltip.supportHtml;
  }
  // Groups always; an issue (and everything under it) when asked for by id.
  const open = depth === 0 || (node instanceof IssueNode ? expand.has(node.issue.id) : depth >= 2);
  if (open && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
    const children = await tree.getChildren(node);
    out.children = await Promise.all(children.map((child) => serialize(tree, child, expand, depth + 1)));
  }
  return out;
}

export async function serializeTree(tree: IssuesTree, statusBar: IssuesStatusBar, args: unknown) {
  const expand = new Set(argsSchema.parse(args)?.expand ?? []);
  // The refreshes since the previous call (the changes heard so far applied), before this call's own reads.
  await tree.settled();
  const refreshed = tree.refreshed.splice(0);
  const roots = await tree.getChildren();
  return {
    grouping: tree.grouping,
    filter: tree.filter,
    message: tree.treeView?.message,
    badge: tree.treeView?.badge?.value,
    statusBar: statusBar.state,
    refreshed,
    groups: await Promise.all(roots.map((node) => serialize(tree, node, expand, 0))),
  };
}
