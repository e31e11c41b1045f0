// Wires the Issues view, its commands and the status bar item (called from activate()). The view follows the
// change channel itself; nothing here refreshes it.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { commandGuard } from '../workbench/guardedCommand';
import { IssuesTree } from './issuesTree';
import { TreeNode } from '../workbench/treeNodes';
import { IssuesStatusBar } from './statusBar';
import { serializeTree } from './testTree';
import { copyIssueId, deleteIssues, editIssue, filterIssues, loadMore, newIssue, setIssueStatus } from './issueCommands';
import { searchIssues } from './searchIssues';

export interface IssuesWorkbench {
  tree: IssuesTree;
  view: vscode.TreeView<TreeNode>;
  /** The view as data (labels, icons, tooltips, what re-rendered): Test mode hands it to the integration tests. */
  testTree: (args?: unknown) => ReturnType<typeof serializeTree>;
  disposables: vscode.Disposable[];
}

/**
 * A view-title action gets the selected row as its argument (VS Code passes it): New Issue, Search and Filter
 * take options from code, never a row, so a row means "no options".
 */
const optionsOnly = (arg: unknown) => (arg instanceof TreeNode ? undefined : arg);

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
    register('trcaa.newIssue', (args) => newIssue(services, tree, optionsOnly(args))),
    register('trcaa.editIssue', (target, patch) => editIssue(services, tree, target, patch)),
    register('trcaa.setIssueStatus', (first, second) => setIssueStatus(services, tree, first, second)),
    register('trcaa.deleteIssue', (first, second) => deleteIssues(services, tree, first, second)),
    register('trcaa.searchIssues', (args) => searchIssues(services, tree, optionsOnly(args))),
    register('trcaa.filterIssues', (args) => filterIssues(services, tree, optionsOnly(args))),
    register('trcaa.clearIssueFilter', () => filterIssues(services, tree, {})),
    register('trcaa.groupIssuesBySeverity', () => tree.setGrouping('severity')),
    register('trcaa.groupIssuesByStatus', () => tree.setGrouping('status')),
    register('trcaa.setIssueGrouping', (mode) => tree.setGrouping(grouping.parse(mode))),
    register('trcaa.copyIssueId', (target) => copyIssueId(services, tree, target)),
    register('trcaa.revealIssue', (id) => tree.reveal(z.string().min(1).parse(id))),
    register('trcaa.refresh', () => tree.refresh()),
    register('trcaa.issues.loadMore', (group) => loadMore(tree, group)),
  ];
  return { tree, view, disposables, testTree: (args) => serializeTree(tree, statusBar, args) };
}
