// STAND-IN until the database worker reports what each write transaction changed (issue 13, item 1): every
// repository call that writes is reported on the change channel as a change of its entity with no row ids, which
// the views read as "reload what you show of it". Remove this file and its one use in extension.ts when the
// worker's own reports arrive (they name the rows and the incident, so the views re-render less).
import type { ChangedEntity } from '../../storage/changes';
import type { RemoteStore } from '../../storage/store';
import type { ChangeChannel } from './changeChannel';

const ENTITY_OF: Partial<Record<keyof RemoteStore, ChangedEntity>> = {
  issues: 'issue',
  logFiles: 'log',
  piiSpans: 'pii',
  images: 'image',
  steps: 'step',
  documents: 'document',
  timeline: 'timeline',
  settings: 'setting',
  credentials: 'credential',
  mcp: 'mcp',
  egress: 'egress',
};

/** Repository methods that only read (everything else writes). */
const READS = /^(get|list|count|search|find|open|read|close|content|data|current|verify|token|config|authValue|tools|resources|all)/;

export function reportWrites(store: RemoteStore, changes: ChangeChannel): RemoteStore {
  const out: Record<string, unknown> = {};
  for (const [repository, methods] of Object.entries(store) as [keyof RemoteStore, Record<string, (...args: unknown[]) => Promise<unknown>>][]) {
    const entity = ENTITY_OF[repository];
    const wrapped: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(methods)) {
      wrapped[name] =
        !entity || READS.test(name)
          ? method
          : async (...args: unknown[]) => {
              const result = await method(...args);
              changes.fire({ changes: [{ entity, kind: 'updated', ids: [] }], external: false });
              return result;
            };
    }
    out[repository] = wrapped;
  }
  return out as unknown as RemoteStore;
}
