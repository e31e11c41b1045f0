// The engine itself: what runs inside the worker thread, and in-process for the CLI and unit tests.
import { loadSqlite } from '../sqliteWasm';
import { engineInfo } from './engineInfo';
import type { AsyncEngine, EngineApi } from './protocol';

export function createEngine(): EngineApi {
  return {
    async info() {
      return engineInfo(await loadSqlite());
    },
  };
}

/** The engine in this thread, behind the same async API as the worker. */
export function createInProcessEngine(): AsyncEngine {
  const engine = createEngine();
  return {
    info: async () => engine.info(),
  };
}
