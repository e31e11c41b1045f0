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
  | 'egress';

export type ChangeKind = 'created' | 'updated' | 'deleted';

/** One entity's change: which rows, and the incident they belong to (absent for app-wide rows such as settings). */
export interface StoreChange {
  entity: ChangedEntity;
  kind: ChangeKind;
  ids: string[];
  issueId?: string;
}
