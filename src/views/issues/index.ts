// The Issues view: the incident tree, its commands, search, filter and the status bar.
export { registerIssues, type IssuesWorkbench } from './registerIssues';
export { pickIssues, plainLabel } from '../workbench/targets';
