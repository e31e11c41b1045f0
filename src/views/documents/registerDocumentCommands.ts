// Wires the document commands: Generate RCA / Post-mortem, Delete Document, Export (Redacted) as Markdown / PDF.
// `refresh(issueId, …folders)` re-renders those folders of the issue in the Issues view.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { parseDocumentUri } from './documentUri';
import type { RefreshFolders } from '../workbench/treeNodes';
import { commandGuard } from '../workbench/guardedCommand';
import { deleteDocument } from './deleteDocument';
import { exportDocument } from './exportDocument';
import { exportRedactedDocument } from './exportRedactedDocument';
import { generateDocument } from './generateDocument';

export function registerDocumentCommands(services: Services, refresh: RefreshFolders): vscode.Disposable[] {
  const guarded = commandGuard(services, 'documents');
  const register = (id: string, work: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, guarded((arg?: unknown) => work(arg), id));
  return [
    register('trcaa.generateRca', (arg) => generateDocument(services, refresh, 'rca', arg)),
    register('trcaa.generatePostmortem', (arg) => generateDocument(services, refresh, 'postmortem', arg)),
    register('trcaa.deleteDocument', (arg) => deleteDocument(services, refresh, arg)),
    register('trcaa.exportDocumentMarkdown', (arg) => exportDocument(services, refresh, 'markdown', arg)),
    register('trcaa.exportDocumentPdf', (arg) => exportDocument(services, refresh, 'pdf', arg)),
    register('trcaa.exportDocumentRedactedMarkdown', (arg) => exportRedactedDocument(services, refresh, 'markdown', arg)),
    register('trcaa.exportDocumentRedactedPdf', (arg) => exportRedactedDocument(services, refresh, 'pdf', arg)),
    // A save in the editor moves the document's updated time, shown in the tree.
    vscode.workspace.onDidSaveTextDocument((document) => {
      const ref = parseDocumentUri(document.uri);
      if (ref) refresh(ref.issueId, 'documents');
    }),
  ];
}
