// What an incident became in another system (migration 027): a Confluence page of one of its documents, its
// ServiceNow incident, its Azure DevOps work item and the child tasks under it.
import type { IntegrationService } from './credential';

export const EXTERNAL_KINDS = ['page', 'incident', 'workitem', 'task'] as const;
export type ExternalKind = (typeof EXTERNAL_KINDS)[number];

export interface ExternalLink {
  id: string;
  issueId: string;
  service: IntegrationService;
  kind: ExternalKind;
  /** The document a page was published from. */
  docId: string | null;
  /** Confluence page id, ServiceNow sys_id, Azure DevOps work item id. */
  externalId: string;
  /** What people call it: INC0010001, #301; null for a page. */
  externalKey: string | null;
  url: string;
  title: string;
  /** The version TRCAA last wrote (Confluence's page version, Azure DevOps' rev). */
  version: number | null;
  createdAt: string;
  lastSyncedAt: string;
}
