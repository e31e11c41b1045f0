import * as vscode from 'vscode';
import { z } from 'zod';
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
        const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
        services.log.error(`[${component}]${name ? ` ${name}:` : ''} ${message}`);
        if (!isUnreadable(error)) void vscode.window.showErrorMessage(`TRCAA: ${message}`);
        throw error;
      }
    };
}
