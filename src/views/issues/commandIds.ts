// The Issues view's commands: registered at activation, run once the incident commands have loaded.
export const ISSUE_COMMANDS = [
  'trcaa.newIssue',
  'trcaa.editIssue',
  'trcaa.setIssueStatus',
  'trcaa.deleteIssue',
  'trcaa.searchIssues',
  'trcaa.filterIssues',
  'trcaa.clearIssueFilter',
  'trcaa.groupIssuesBySeverity',
  'trcaa.groupIssuesByStatus',
  'trcaa.setIssueGrouping',
  'trcaa.copyIssueId',
  'trcaa.revealIssue',
  'trcaa.refresh',
  'trcaa.issues.loadMore',
] as const;

export type IssueCommand = (typeof ISSUE_COMMANDS)[number];
