// What the extension hands integration tests in Test mode (activate()'s return value): the store, the views as data,
// the change channel and the services (a test answers prompts by replacing `services.ui`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/views/workbench/treeNodes';
import type { UiPort } from '../../../src/views/workbench/ui';

export async function testApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
  assert.ok(extension);
  const api = await extension.activate();
  assert.ok(api, 'activate() returns the Test-mode API');
  return api;
}

/** The Issues view as data, with these issues expanded (and the refreshes since the previous call). */
export async function issuesView<T = unknown>(args: { expand?: string[] } = {}): Promise<T> {
  return (await (await testApi()).issuesView(args)) as T;
}

/** The All Attachments view's rows under its headers, as nodes. */
export async function attachmentNodes(): Promise<TreeNode[]> {
  const { attachments } = await testApi();
  const out: TreeNode[] = [];
  for (const group of await attachments.getChildren()) out.push(...(await attachments.getChildren(group)));
  return out;
}

/** The All Attachments view's rows as drawn: label, description, context value. */
export async function attachmentRows(): Promise<{ label: string; description: string; contextValue: string; icon: string | undefined }[]> {
  return (await attachmentNodes()).map((node) => {
    const item = node.getTreeItem();
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
    return { label: String(item.label), description: String(item.description ?? ''), contextValue: item.contextValue ?? '', icon };
  });
}

/** Runs `work` with some prompts answered by `answers` (the rest stay VS Code's own), then puts the UI port back. */
export async function answering<T>(answers: Partial<UiPort>, work: () => Promise<T>): Promise<T> {
  const { services } = await testApi();
  const original = services.ui;
  services.ui = { ...original, ...answers };
  try {
    return await work();
  } finally {
    services.ui = original;
  }
}

/** A modal's answer: the button with this title. */
export const choose = (button: string) => (async () => button) as unknown as UiPort['showWarningMessage'];
