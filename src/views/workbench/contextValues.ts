// The tree rows' context values, the one list package.json's `when` clauses (`viewItem == …`) are written against.
// A unit test checks that every viewItem a menu names is one of these, and that every one with a menu is used.
import type { IssueStatus } from '../../core/model/issue';

export const CONTEXT = {
  groupByStatus: 'trcaa.group.status',
  groupBySeverity: 'trcaa.group.severity',
  issue: {
    open: 'trcaa.issue.open',
    investigating: 'trcaa.issue.investigating',
    resolved: 'trcaa.issue.resolved',
    closed: 'trcaa.issue.closed',
  } satisfies Record<IssueStatus, string>,
  folder: {
    logs: 'trcaa.folder.logs',
    images: 'trcaa.folder.images',
    whys: 'trcaa.folder.whys',
    documents: 'trcaa.folder.documents',
    timeline: 'trcaa.folder.timeline',
    shared: 'trcaa.folder.shared',
  },
  /** A log by review state: the menu offers Approve on one, Revoke on the other, never both. */
  logApproved: 'trcaa.log.approved',
  logUnapproved: 'trcaa.log.unapproved',
  image: 'trcaa.image',
  step: 'trcaa.step',
  rootCause: 'trcaa.rootCause',
  document: 'trcaa.document',
  timelineEvent: 'trcaa.timelineEvent',
  /** A Confluence page, ServiceNow incident or Azure DevOps work item the incident was sent to. */
  externalLink: 'trcaa.externalLink',
  /** A service in the Integrations view, configured with a token (Test Connection applies) or not. */
  integration: { configured: 'trcaa.integration.configured', missing: 'trcaa.integration' },
  /** The MCP Servers view: a server (Enable or Disable offered by its state), a tool, a resource (Attach). */
  mcp: { serverEnabled: 'trcaa.mcpServer.enabled', serverDisabled: 'trcaa.mcpServer.disabled', tool: 'trcaa.mcpTool', resource: 'trcaa.mcpResource' },
  /** "No documents yet — Generate RCA" and the like, in an empty folder. */
  placeholder: 'trcaa.placeholder',
  loadMore: 'trcaa.loadMore',
  attachmentsLogs: 'trcaa.attachments.logs',
  attachmentsImages: 'trcaa.attachments.images',
} as const;

/** Every context value, flat (the unit test compares package.json against it). */
export function allContextValues(): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(CONTEXT);
  return out;
}

/** The rows no menu acts on (they have a click command or none). */
export const WITHOUT_MENU: readonly string[] = [
  CONTEXT.groupByStatus,
  CONTEXT.groupBySeverity,
  CONTEXT.folder.logs,
  CONTEXT.folder.images,
  CONTEXT.folder.timeline,
  CONTEXT.folder.shared,
  CONTEXT.rootCause,
  CONTEXT.timelineEvent,
  CONTEXT.placeholder,
  CONTEXT.loadMore,
  CONTEXT.attachmentsLogs,
  CONTEXT.attachmentsImages,
  CONTEXT.mcp.tool,
];
