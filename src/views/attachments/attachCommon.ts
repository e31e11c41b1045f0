// What the attach commands share: finding the issue a menu or a test meant, the issue QuickPick, error text.
// (The views follow the change channel: nothing here tells them about a write.)
import * as vscode from 'vscode';
import { idOf } from '../workbench/ids';
import type { Services } from '../workbench/services';

/**
 * The issue id in a command argument: a string, `{issueId}`, or a tree node of the issues view (`{issue: {id}}`,
 * `{issueId}` or `{id}` with an issue contextValue) — the issues tree belongs to another module, so its node
 * shape is read loosely.
 */
export function issueIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return idOf(arg);
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as Record<string, unknown>;
  const direct = idOf(node.issueId) ?? (node.issue && typeof node.issue === 'object' ? idOf((node.issue as Record<string, unknown>).id) : undefined);
  if (direct) return direct;
  const context = typeof node.contextValue === 'string' ? node.contextValue : '';
  return context.startsWith('trcaa.issue') ? idOf(node.id) : undefined;
}

/** The code of an EngineError / ContentError, whichever side of the worker it came from. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NEW_ISSUE = Symbol('new issue');

/** Asks which issue to attach to; offers "New issue…". Undefined when the user backs out. */
export async function pickIssue(services: Services, what: string): Promise<string | undefined> {
  const store = await services.store();
  const page = await store.issues.list({ sort: { field: 'updated_at', direction: 'desc' }, limit: 200 });
  type Item = vscode.QuickPickItem & { id: string | typeof NEW_ISSUE };
  const items: Item[] = [
    { label: '$(add) New issue…', description: 'create an incident and attach to it', id: NEW_ISSUE, alwaysShow: true },
    ...page.items.map((issue): Item => ({
      // Labels are plain text: no codicon or markup from user-typed titles.
      label: issue.title.replace(/\$\(/g, '$\u200b('),
      description: `${issue.severity} · ${issue.status}`,
      detail: issue.category ?? undefined,
      id: issue.id,
    })),
  ];
  const picked = await services.ui.showQuickPick(items, { title: `TRCAA: Attach ${what} to Issue`, placeHolder: 'Pick the incident', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.id !== NEW_ISSUE) return picked.id;
  return newIssue(services);
}

async function newIssue(services: Services): Promise<string | undefined> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('trcaa.newIssue')) {
    const created = await vscode.commands.executeCommand<unknown>('trcaa.newIssue');
    return issueIdFrom(created) ?? (created && typeof created === 'object' ? idOf((created as { id?: unknown }).id) : undefined);
  }
  const title = await services.ui.showInputBox({
    title: 'TRCAA: New Issue',
    prompt: 'A short title for the incident (severity medium; edit it later)',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a title.'),
  });
  if (!title?.trim()) return undefined;
  const store = await services.store();
  const issue = await store.issues.create({ title: title.trim(), severity: 'medium' });
  return issue.id;
}
