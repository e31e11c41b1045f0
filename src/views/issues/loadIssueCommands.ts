// The incident commands (new, edit, status, delete, search, filter…), loaded with the first one run
// (contributeIssues.ts). The view follows their writes through the change channel.
import { z } from 'zod';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { TreeNode } from '../workbench/treeNodes';
import type { IssueCommand } from './commandIds';
import { copyIssueId, deleteIssues, editIssue, filterIssues, loadMore, newIssue, setIssueStatus } from './issueCommands';
import type { IssuesTree } from './issuesTree';
import { searchIssues } from './searchIssues';

/**
 * A view-title action gets the selected row as its argument (VS Code passes it): New Issue, Search and Filter
 * take options from code, never a row, so a row means "no options".
 */
const optionsOnly = (arg: unknown) => (arg instanceof TreeNode ? undefined : arg);

export function loadIssueCommands(services: Services, tree: IssuesTree): LoadedFeature<IssueCommand> {
  const grouping = z.enum(['status', 'severity']);
  const commands: CommandTable<IssueCommand> = {
    'trcaa.newIssue': (args) => newIssue(services, tree, optionsOnly(args)),
    'trcaa.editIssue': (target, patch) => editIssue(services, tree, target, patch),
    'trcaa.setIssueStatus': (first, second) => setIssueStatus(services, tree, first, second),
    'trcaa.deleteIssue': (first, second) => deleteIssues(services, tree, first, second),
    'trcaa.searchIssues': (args) => searchIssues(services, tree, optionsOnly(args)),
    'trcaa.filterIssues': (args) => filterIssues(services, tree, optionsOnly(args)),
    'trcaa.clearIssueFilter': () => filterIssues(services, tree, {}),
    'trcaa.groupIssuesBySeverity': () => tree.setGrouping('severity'),
    'trcaa.groupIssuesByStatus': () => tree.setGrouping('status'),
    'trcaa.setIssueGrouping': (mode) => tree.setGrouping(grouping.parse(mode)),
    'trcaa.copyIssueId': (target) => copyIssueId(services, tree, target),
    'trcaa.revealIssue': (id) => tree.reveal(z.string().min(1).parse(id)),
    'trcaa.refresh': () => tree.refresh(),
    'trcaa.issues.loadMore': (group) => loadMore(tree, group),
  };
  return { commands, disposables: [] };
}
