// The attach commands (attach, open, delete logs and images) and All Attachments' filter, loaded with the first
// one run (contributeAttachments.ts).
import { z } from 'zod';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { attachImageCommand, deleteImage, openImage } from './attachImage';
import { attachLogCommand } from './attachLog';
import type { AttachmentsTreeProvider } from './attachmentsView';
import type { AttachCommand } from './commandIds';
import { deleteLog, openLog } from './openLog';

export function loadAttachCommands(services: Services, attachments: AttachmentsTreeProvider): LoadedFeature<AttachCommand> {
  const kind = (value: unknown) => z.enum(['logs', 'images']).parse(value);
  const commands: CommandTable<AttachCommand> = {
    'trcaa.attachLog': (first, second) => attachLogCommand(services, first, second),
    // "Attach Log…" on an issue node: the same command with the file dialog (its own title in that menu).
    'trcaa.attachLogToIssue': (node) => attachLogCommand(services, node),
    'trcaa.attachImage': (arg) => attachImageCommand(services, arg),
    'trcaa.openLog': (arg) => openLog(services, arg),
    'trcaa.deleteLog': (arg) => deleteLog(services, arg),
    'trcaa.openImage': (arg) => openImage(services, arg),
    'trcaa.deleteImage': (arg) => deleteImage(services, arg),
    'trcaa.attachments.refresh': () => attachments.refresh(),
    'trcaa.attachments.loadMore': (arg) => attachments.loadMore(kind(arg)),
    'trcaa.attachments.filter': async (text) => {
      const given = z.string().max(200).optional().parse(text);
      const value = given ?? (await services.ui.showInputBox({ title: 'TRCAA: Filter Attachments', prompt: 'Show attachments whose file name contains… (empty: all)', value: attachments.filter }));
      if (value !== undefined) attachments.setFilter(value);
      return attachments.filter;
    },
    'trcaa.attachments.clearFilter': () => attachments.setFilter(''),
  };
  return { commands, disposables: [] };
}
