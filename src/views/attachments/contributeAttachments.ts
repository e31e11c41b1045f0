// All Attachments and the trcaa-log: / trcaa-image: file systems, at activation (the view is part of the first
// paint; a restored log tab reads through its file system first thing). The attach commands are registered now
// and load with the first one run. The view follows the change channel on its own.
import * as vscode from 'vscode';
import { LazyFeature, type LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { AttachmentsTreeProvider } from './attachmentsView';
import { ATTACH_COMMANDS, type AttachCommand } from './commandIds';
import { registerImageFileSystem } from './imageFileSystem';
import { registerLogFileSystem } from './logFileSystem';

export interface AttachWorkbench {
  /** The All Attachments view's provider (Test mode reads its rows). */
  attachments: AttachmentsTreeProvider;
  disposables: vscode.Disposable[];
}

export function contributeAttachments(services: Services): AttachWorkbench {
  const attachments = new AttachmentsTreeProvider(services);
  const view = vscode.window.createTreeView('trcaa.attachments', { treeDataProvider: attachments, showCollapseAll: true });
  attachments.view = view;
  const commands = new LazyFeature<AttachCommand, LoadedFeature<AttachCommand>>('attachments', services, async () => (await import('./loadAttachCommands')).loadAttachCommands(services, attachments));
  return {
    attachments,
    disposables: [attachments, view, registerLogFileSystem(services), registerImageFileSystem(services), commands, ...commands.registerCommands(ATTACH_COMMANDS)],
  };
}
