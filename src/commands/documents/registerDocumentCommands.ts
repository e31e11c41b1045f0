// Wires the document commands: Generate RCA / Post-mortem, Delete Document, Export as Markdown / PDF.
// `refreshDocuments(issueId)` re-renders that issue's Documents folder in the Issues view.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { parseDocumentUri } from '../../views/documents/documentUri';
import { commandGuard } from '../guardedCommand';
import { deleteDocument } from './deleteDocument';
import { exportDocument } from './exportDocument';
import { generateDocument } from './generateDocument';

export function registerDocumentCommands(services: Services, refreshDocuments: (issueId: string) => void): vscode.Disposable[] {
  const guarded = commandGuard(services, 'documents');
  const register = (id: string, work: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, guarded((arg?: unknown) => work(arg), id));
  return [
    register('trcaa.generateRca', (arg) => generateDocument(services, refreshDocuments, 'rca', arg)),
    register('trcaa.generatePostmortem', (arg) => generateDocument(services, refreshDocuments, 'postmortem', arg)),
    register('trcaa.deleteDocument', (arg) => deleteDocument(services, refreshDocuments, arg)),
    register('trcaa.exportDocumentMarkdown', (arg) => exportDocument(services, 'markdown', arg)),
    register('trcaa.exportDocumentPdf', (arg) => exportDocument(services, 'pdf', arg)),
    // A save in the editor moves the document's updated time, shown in the tree.
    vscode.workspace.onDidSaveTextDocument((document) => {
      const ref = parseDocumentUri(document.uri);
      if (ref) refreshDocuments(ref.issueId);
    }),
  ];
}
