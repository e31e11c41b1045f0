// Wires the Issues view, its commands and the status bar item (called from activate()).
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { commandGuard } from '../workbench/guardedCommand';
import { IssuesTree } from './issuesTree';
import type { TreeNode } from '../workbench/treeNodes';
import { IssuesStatusBar } from './statusBar';
import { serializeTree } from './testTree';
import { copyIssueId, deleteIssues, editIssue, filterIssues, loadMore, newIssue, setIssueStatus } from './issueCommands';
import { searchIssues } from './searchIssues';

export interface IssuesWorkbench {
  tree: IssuesTree;
  view: vscode.TreeView<TreeNode>;
  disposables: vscode.Disposable[];
}

export function registerIssues(
  services: Services,
  options: { dragAndDropController?: vscode.TreeDragAndDropController<TreeNode> } = {},
): IssuesWorkbench {
  const tree = new IssuesTree(services);
  const view = tree.createView(options);
  const statusBar = new IssuesStatusBar(tree.onDidChangeCounts);
  const guarded = commandGuard(services, 'issues');
  const grouping = z.enum(['status', 'severity']);
  const register = (id: string, work: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, guarded(work, id));
  const disposables: vscode.Disposable[] = [
    tree,
    view,
    statusBar,
    register('trcaa.newIssue', (args) => newIssue(services, tree, args)),
    register('trcaa.editIssue', (target, patch) => editIssue(services, tree, target, patch)),
    register('trcaa.setIssueStatus', (first, second) => setIssueStatus(services, tree, first, second)),
    register('trcaa.deleteIssue', (first, second) => deleteIssues(services, tree, first, second)),
    register('trcaa.searchIssues', (args) => searchIssues(services, tree, args)),
    register('trcaa.filterIssues', (args) => filterIssues(tree, args)),
    register('trcaa.clearIssueFilter', () => filterIssues(tree, {})),
    register('trcaa.groupIssuesBySeverity', () => tree.setGrouping('severity')),
    register('trcaa.groupIssuesByStatus', () => tree.setGrouping('status')),
    register('trcaa.setIssueGrouping', (mode) => tree.setGrouping(grouping.parse(mode))),
    register('trcaa.copyIssueId', (target) => copyIssueId(services, tree, target)),
    register('trcaa.revealIssue', (id) => tree.reveal(z.string().min(1).parse(id))),
    register('trcaa.refresh', () => tree.refresh()),
    register('trcaa.issues.loadMore', (group) => loadMore(tree, group)),
  ];
  // What the view shows, serialised: integration tests read the tree through this (Test mode only).
  if (services.context.extensionMode === vscode.ExtensionMode.Test) {
    disposables.push(register('trcaa.issues.testTree', (args) => serializeTree(tree, statusBar, args)));
  }
  return { tree, view, disposables };
}
