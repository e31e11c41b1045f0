// The one small typed API between the extension host's main thread and the database worker.
import type { EngineInfo } from './engineInfo';

/** Every method the engine offers. The worker implements it; the main thread calls it asynchronously. */
export interface EngineApi {
  info(): EngineInfo | Promise<EngineInfo>;
}

export type EngineMethod = keyof EngineApi;

/** The same API as seen from the caller: every result is a promise. */
export type AsyncEngine = {
  [M in EngineMethod]: (...args: Parameters<EngineApi[M]>) => Promise<Awaited<ReturnType<EngineApi[M]>>>;
};

export interface EngineRequest {
  id: number;
  method: EngineMethod;
  args: unknown[];
}

export interface EngineFailure {
  name: string;
  message: string;
  code?: string;
}

export type EngineResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: EngineFailure };

/** An error raised inside the engine, re-created on the calling side with its name and code kept. */
export class EngineError extends Error {
  constructor(message: string, readonly code?: string, name = 'EngineError') {
    super(message);
    this.name = name;
  }
}

export function toFailure(error: unknown): EngineFailure {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}
