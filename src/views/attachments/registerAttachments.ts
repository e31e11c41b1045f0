// Wires the attach commands, the trcaa-log:/trcaa-image: file systems and the All Attachments view (which follows
// the change channel on its own).
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { commandGuard } from '../workbench/guardedCommand';
import { AttachmentsTreeProvider } from './attachmentsView';
import { registerImageFileSystem } from './imageFileSystem';
import { registerLogFileSystem } from './logFileSystem';
import { attachImageCommand, deleteImage, openImage } from './attachImage';
import { attachLogCommand } from './attachLog';
import { deleteLog, openLog } from './openLog';

export interface AttachWorkbench {
  /** The All Attachments view's provider (Test mode reads its rows). */
  attachments: AttachmentsTreeProvider;
  disposables: vscode.Disposable[];
}

export function registerAttach(services: Services): AttachWorkbench {
  const guarded = commandGuard(services, 'attach');
  const attachments = new AttachmentsTreeProvider(services);
  const view = vscode.window.createTreeView('trcaa.attachments', { treeDataProvider: attachments, showCollapseAll: true });
  attachments.view = view;
  const kind = (value: unknown) => z.enum(['logs', 'images']).parse(value);
  const disposables: vscode.Disposable[] = [
    attachments,
    view,
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
  return { attachments, disposables };
}
