// Wires the document commands: Generate RCA / Post-mortem, Delete Document, Export (Redacted) as Markdown / PDF.
// The Issues view follows their writes through the change channel.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { commandGuard } from '../workbench/guardedCommand';
import { deleteDocument } from './deleteDocument';
import { exportDocument } from './exportDocument';
import { exportRedactedDocument } from './exportRedactedDocument';
import { generateDocument } from './generateDocument';

export function registerDocumentCommands(services: Services): vscode.Disposable[] {
  const guarded = commandGuard(services, 'documents');
  const register = (id: string, work: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, guarded((arg?: unknown) => work(arg), id));
  return [
    register('trcaa.generateRca', (arg) => generateDocument(services, 'rca', arg)),
    register('trcaa.generatePostmortem', (arg) => generateDocument(services, 'postmortem', arg)),
    register('trcaa.deleteDocument', (arg) => deleteDocument(services, arg)),
    register('trcaa.exportDocumentMarkdown', (arg) => exportDocument(services, 'markdown', arg)),
    register('trcaa.exportDocumentPdf', (arg) => exportDocument(services, 'pdf', arg)),
    register('trcaa.exportDocumentRedactedMarkdown', (arg) => exportRedactedDocument(services, 'markdown', arg)),
    register('trcaa.exportDocumentRedactedPdf', (arg) => exportRedactedDocument(services, 'pdf', arg)),
  ];
}
