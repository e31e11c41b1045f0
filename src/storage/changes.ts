// What a write changed, as the database worker reports it after the transaction commits. The host turns these into
// one typed event (src/views/workbench/changeChannel.ts) that every view refreshes from.

/** The kinds of rows a change can touch. */
export type ChangedEntity =
  | 'issue'
  | 'log'
  | 'image'
  | 'pii'
  | 'step'
  | 'document'
  | 'timeline'
  | 'setting'
  | 'credential'
  | 'mcp'
  | 'egress'
  | 'conversation'
  | 'aiMessage'
  | 'externalLink'
  | 'logPatterns';

export type ChangeKind = 'created' | 'updated' | 'deleted';

/**
 * One entity's change: which rows, and the incident they belong to (absent for app-wide rows such as settings).
 * `ids` name the rows: issue, log, image, step, document, timeline event and MCP server ids; for 'pii' the logs
 * whose spans changed; for 'setting' the keys; for 'credential' the services (token or configuration); for
 * 'egress' the audit row of the release (an AI request's ai.sent row too);
 * for 'conversation' the AI conversations, for 'aiMessage' their messages, for 'externalLink' the links to
 * Confluence / ServiceNow / Azure DevOps, for 'logPatterns' the logs whose patterns were mined. Empty `ids` (a desktop import): rows of that entity changed, which ones
 * is not said — reload all of it. Deleting an issue reports only the issue: what was under it went with it.
 */
export interface StoreChange {
  entity: ChangedEntity;
  kind: ChangeKind;
  ids: string[];
  issueId?: string;
}

/** What a desktop import's tables hold, as changes: the import merges rows into many tables at once. */
export const IMPORTED_ENTITIES: Readonly<Record<string, ChangedEntity>> = {
  issues: 'issue',
  log_files: 'log',
  pii_spans: 'pii',
  resolution_steps: 'step',
  documents: 'document',
  image_attachments: 'image',
  timeline_events: 'timeline',
  settings: 'setting',
  integration_config: 'credential',
  credentials: 'credential',
  mcp_servers: 'mcp',
  mcp_tools: 'mcp',
  mcp_resources: 'mcp',
  ai_conversations: 'conversation',
  ai_messages: 'aiMessage',
};

/** The broad report of a desktop import: each entity whose table received rows, ids not named. */
export function importedChanges(tables: readonly { table: string; inserted: number }[]): StoreChange[] {
  const entities = new Set<ChangedEntity>();
  for (const { table, inserted } of tables) {
    const entity = IMPORTED_ENTITIES[table];
    if (entity && inserted > 0) entities.add(entity);
  }
  return [...entities].map((entity) => ({ entity, kind: 'created', ids: [] }));
}
