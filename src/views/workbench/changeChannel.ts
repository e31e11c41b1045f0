// The one change channel: every write the database reports (ours, another window's or another process's) arrives
// here as one typed event, and trees, the status bar, decorations and open webviews refresh from it alone.
import * as vscode from 'vscode';
import type { ChangedEntity, StoreChange } from '../../storage/changes';

export type { ChangedEntity, StoreChange } from '../../storage/changes';

export interface ChangeEvent {
  /** What changed, entity by entity. Empty when `external` and the writer is unknown. */
  changes: readonly StoreChange[];
  /**
   * What changed is not known row by row, so listeners reload what they show: written by another window or process,
   * or a change too broad to name its rows (a desktop import, whose `changes` then say which entities it touched).
   */
  external: boolean;
}

/** This window's reported changes as one event; a report that names no rows (an import) reloads like an external one. */
export function storeChangeEvent(changes: readonly StoreChange[]): ChangeEvent {
  return { changes, external: changes.some((change) => change.ids.length === 0) };
}

export class ChangeChannel implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ChangeEvent>();
  readonly onDidChange = this.emitter.event;

  fire(event: ChangeEvent): void {
    if (event.changes.length > 0 || event.external) this.emitter.fire(event);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The issue ids an event touched (for `entities`, or any entity when omitted). */
export function changedIssueIds(event: ChangeEvent, entities?: readonly ChangedEntity[]): Set<string> {
  const ids = new Set<string>();
  for (const change of event.changes) {
    if (entities && !entities.includes(change.entity)) continue;
    if (change.issueId) ids.add(change.issueId);
    if (change.entity === 'issue') for (const id of change.ids) ids.add(id);
  }
  return ids;
}

/** Whether an event touched one of `entities` (an external change touches everything). */
export function touches(event: ChangeEvent, ...entities: ChangedEntity[]): boolean {
  return event.external || event.changes.some((change) => entities.includes(change.entity));
}
