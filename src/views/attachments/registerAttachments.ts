// Wires the attach commands, the trcaa-log:/trcaa-image: file systems and the All Attachments view.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { commandGuard } from '../workbench/guardedCommand';
import { AttachmentsTreeProvider } from './attachmentsView';
import { registerImageFileSystem } from './imageFileSystem';
import { registerLogFileSystem } from './logFileSystem';
import { attachImageCommand, deleteImage, openImage } from './attachImage';
import { attachLogCommand } from './attachLog';
import { attachmentsChanged, setIssueRefresher } from './attachCommon';
import { deleteLog, openLog } from './openLog';

/**
 * `refreshIssue`: the issues tree's refresh of one issue, called after an attach or delete. `issuesChanged`: the
 * issues tree's change event — an issue renamed or deleted changes the titles and rows this view shows.
 */
export function registerAttach(
  services: Services,
  options: { refreshIssue?: (issueId: string) => unknown; issuesChanged?: vscode.Event<unknown> } = {},
): vscode.Disposable[] {
  setIssueRefresher(options.refreshIssue);
  const guarded = commandGuard(services, 'attach');
  const attachments = new AttachmentsTreeProvider(services);
  const view = vscode.window.createTreeView('trcaa.attachments', { treeDataProvider: attachments, showCollapseAll: true });
  attachments.view = view;
  const kind = (value: unknown) => z.enum(['logs', 'images']).parse(value);
  const disposables: vscode.Disposable[] = [
    { dispose: () => setIssueRefresher(undefined) },
    attachments,
    view,
    attachmentsChanged,
    attachmentsChanged.event(() => attachments.refresh()),
    options.issuesChanged?.(() => attachments.refreshSoon()) ?? new vscode.Disposable(() => undefined),
    registerLogFileSystem(services),
    registerImageFileSystem(services),
    vscode.commands.registerCommand('trcaa.attachLog', guarded((first?: unknown, second?: unknown) => attachLogCommand(services, first, second))),
    // "Attach Log…" on an issue node: the same command with the file dialog (its own title in that menu).
    vscode.commands.registerCommand('trcaa.attachLogToIssue', guarded((node?: unknown) => attachLogCommand(services, node))),
    vscode.commands.registerCommand('trcaa.attachImage', guarded((arg?: unknown) => attachImageCommand(services, arg))),
    vscode.commands.registerCommand('trcaa.openLog', guarded((arg?: unknown) => openLog(services, arg))),
    vscode.commands.registerCommand('trcaa.deleteLog', guarded((arg?: unknown) => deleteLog(services, arg))),
    vscode.commands.registerCommand('trcaa.openImage', guarded((arg?: unknown) => openImage(services, arg))),
    vscode.commands.registerCommand('trcaa.deleteImage', guarded((arg?: unknown) => deleteImage(services, arg))),
    vscode.commands.registerCommand('trcaa.attachments.refresh', () => attachments.refresh()),
    vscode.commands.registerCommand('trcaa.attachments.loadMore', (arg?: unknown) => attachments.loadMore(kind(arg))),
    vscode.commands.registerCommand(
      'trcaa.attachments.filter',
      guarded(async (text?: unknown) => {
        const given = z.string().max(200).optional().parse(text);
        const value = given ?? (await services.ui.showInputBox({ title: 'TRCAA: Filter Attachments', prompt: 'Show attachments whose file name contains… (empty: all)', value: attachments.filter }));
        if (value !== undefined) attachments.setFilter(value);
        return attachments.filter;
      }),
    ),
    vscode.commands.registerCommand('trcaa.attachments.clearFilter', () => attachments.setFilter('')),
  ];
  // Test mode only: tests read the view's rows through this (the tree's contents as a person sees them).
  if (services.context.extensionMode !== vscode.ExtensionMode.Test) return disposables;
  disposables.push(
    vscode.commands.registerCommand('trcaa.attachments.rows', async () => {
      const groups = await attachments.getChildren();
      const out: { label: string; description: string; contextValue: string }[] = [];
      for (const group of groups) {
        for (const node of await attachments.getChildren(group)) {
          const item = attachments.getTreeItem(node);
          out.push({ label: String(item.label), description: String(item.description ?? ''), contextValue: item.contextValue ?? '' });
        }
      }
      return out;
    }),
  );
  return disposables;
}
