// What the writes of one connection changed, kept per transaction: a change counts once its outermost transaction
// commits, and is dropped with a rolled-back transaction or savepoint. The engine takes the committed changes after
// each call and reports them to the main thread (storage/changes.ts, docs/storage.md "Change reports").
import type { StoreChange } from './changes';

export class ChangeRecorder {
  /** One list per open transaction or savepoint, innermost last. */
  private readonly open: StoreChange[][] = [];
  private committed: StoreChange[] = [];

  begin(): void {
    this.open.push([]);
  }

  /** The innermost transaction committed (or its savepoint was released): its changes join the one around it. */
  commit(): void {
    const level = this.open.pop() ?? [];
    (this.open.at(-1) ?? this.committed).push(...level);
  }

  rollback(): void {
    this.open.pop();
  }

  /** Called by a repository right after its write; outside a transaction the write has committed already. */
  record(change: StoreChange): void {
    (this.open.at(-1) ?? this.committed).push({ ...change, ids: [...change.ids] });
  }

  /** The committed changes since the last take, one per entity, kind and issue (ids merged, in order). */
  take(): StoreChange[] {
    // Sets keep a 10 000-issue setStatusMany linear.
    const merged = new Map<string, { change: StoreChange; ids: Set<string> }>();
    for (const change of this.committed) {
      const key = `${change.entity}\u0000${change.kind}\u0000${change.issueId ?? ''}`;
      const into = merged.get(key);
      if (into) for (const id of change.ids) into.ids.add(id);
      else merged.set(key, { change, ids: new Set(change.ids) });
    }
    this.committed = [];
    return [...merged.values()].map(({ change, ids }) => ({ ...change, ids: [...ids] }));
  }
}
