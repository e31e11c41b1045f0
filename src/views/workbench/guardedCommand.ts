import * as vscode from 'vscode';
import type { Services } from './services';
import { isUnreadable } from './databaseSession';

/**
 * Wraps a command handler: a failure is logged under the component's tag and shown as one readable message (zod
 * errors pretty-printed), then rethrown so callers (tests, other extensions) see it too. An unreadable database
 * already came with its recovery choices (DatabaseSession.ready), so it is not shown twice.
 */
export function commandGuard(services: Services, component: string) {
  return <A extends unknown[], R>(work: (...args: A) => Promise<R> | R, name?: string) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await work(...args);
      } catch (error) {
        const message = await readable(error);
        services.log.error(`[${component}]${name ? ` ${name}:` : ''} ${message}`);
        if (!isUnreadable(error)) void vscode.window.showErrorMessage(`TRCAA: ${message}`);
        throw error;
      }
    };
}

/** zod's errors pretty-printed (zod is loaded then: it threw), others by their message. */
async function readable(error: unknown): Promise<string> {
  if (!(error instanceof Error)) return String(error);
  if (error.name !== 'ZodError') return error.message;
  const { z } = await import('zod'); // not at activation: only features loaded later use zod
  return error instanceof z.ZodError ? z.prettifyError(error) : error.message;
}
