// The Issues view and its status bar item, drawn at activation (the first paint), and its commands, registered
// now and loaded with the first one run. The view follows the change channel itself; nothing here refreshes it.
import type * as vscode from 'vscode';
import { LazyFeature, type LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import type { TreeNode } from '../workbench/treeNodes';
import { ISSUE_COMMANDS, type IssueCommand } from './commandIds';
import { IssuesTree } from './issuesTree';
import { IssuesStatusBar } from './statusBar';

export interface IssuesWorkbench {
  tree: IssuesTree;
  view: vscode.TreeView<TreeNode>;
  /** The view as data (labels, icons, tooltips, what re-rendered): Test mode hands it to the integration tests. */
  testTree: (args?: unknown) => Promise<unknown>;
  disposables: vscode.Disposable[];
}

export function contributeIssues(
  services: Services,
  options: { dragAndDropController?: vscode.TreeDragAndDropController<TreeNode> } = {},
): IssuesWorkbench {
  const tree = new IssuesTree(services);
  const view = tree.createView(options);
  const statusBar = new IssuesStatusBar(tree.onDidChangeCounts);
  const commands = new LazyFeature<IssueCommand, LoadedFeature<IssueCommand>>('issues', services, async () => (await import('./loadIssueCommands')).loadIssueCommands(services, tree));
  return {
    tree,
    view,
    disposables: [tree, view, statusBar, commands, ...commands.registerCommands(ISSUE_COMMANDS)],
    testTree: async (args) => (await import('./testTree')).serializeTree(tree, statusBar, args),
  };
}
