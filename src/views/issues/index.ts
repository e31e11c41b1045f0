// The Issues view: the incident tree, its commands, search, filter and the status bar. The tree is drawn at
// activation (contributeIssues); the commands load on first use.
export { contributeIssues, type IssuesWorkbench } from './contributeIssues';
export { pickIssues, plainLabel } from '../workbench/targets';
