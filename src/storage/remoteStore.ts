// The store as the main thread sees it: every repository method, asynchronous, performed by one function (through
// the worker, or in-process in tests). Built from names alone, so the main thread loads no repository code; the
// worker accepts only the methods store.ts REMOTE_METHODS lists.
import type { RemoteStore } from './store';

type Call = (repository: string, method: string, args: unknown[]) => Promise<unknown>;

export function remoteStore(call: Call): RemoteStore {
  const repositories = new Map<string, Record<string, unknown>>();
  const repository = (name: string) => {
    let methods = repositories.get(name);
    if (!methods) {
      const cache = new Map<string, (...args: unknown[]) => Promise<unknown>>();
      methods = new Proxy({}, {
        get(_, method) {
          if (typeof method !== 'string' || method === 'then') return undefined; // never mistaken for a promise
          let fn = cache.get(method);
          if (!fn) cache.set(method, (fn = (...args: unknown[]) => call(name, method, args)));
          return fn;
        },
      });
      repositories.set(name, methods);
    }
    return methods;
  };
  return new Proxy({}, { get: (_, name) => (typeof name === 'string' && name !== 'then' ? repository(name) : undefined) }) as RemoteStore;
}
