// Documents, loaded on first use (contributeDocuments.ts): the trcaa-doc: file system, VS Code's own text editor
// over it with our rendered preview beside (a custom text editor on the same document), and the document commands.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { DocumentPreviewProvider } from '../../webview/documents';
import { DOCUMENT_PREVIEW_VIEW_TYPE } from '../workbench/viewTypes';
import { DocumentFileSystemProvider } from './documentFileSystem';
import type { DocumentCommand } from './commandIds';
import { documentUri } from './documentUri';
import { deleteDocument } from './deleteDocument';
import { exportDocument } from './exportDocument';
import { exportRedactedDocument } from './exportRedactedDocument';
import { generateDocument } from './generateDocument';

export interface DocumentsWorkbench extends LoadedFeature<DocumentCommand> {
  fileSystem: DocumentFileSystemProvider;
  preview: DocumentPreviewProvider;
}

/** trcaa.openDocument's argument: a document id, or { issueId?, docId } (a tree item or a link). */
const openArgSchema = z.union([z.string().min(1), z.object({ issueId: z.string().min(1).optional(), docId: z.string().min(1) })]);

export function loadDocuments(services: Services): DocumentsWorkbench {
  const fileSystem = new DocumentFileSystemProvider(services);
  const preview = new DocumentPreviewProvider(services.context.extensionUri, services.log);

  /** Opens a stored document's Markdown in the text editor, the preview beside it; returns its URI (undefined when there is no such document). */
  async function openDocument(arg: unknown): Promise<vscode.Uri | undefined> {
    const parsed = openArgSchema.safeParse(arg);
    if (!parsed.success) {
      void vscode.window.showErrorMessage('TRCAA: Open Document needs a document id.');
      return undefined;
    }
    const docId = typeof parsed.data === 'string' ? parsed.data : parsed.data.docId;
    const store = await services.store();
    const doc = await store.documents.get(docId).catch(() => null);
    if (!doc) {
      void vscode.window.showErrorMessage('TRCAA: that document no longer exists; it may have been deleted.');
      return undefined;
    }
    const uri = documentUri(doc.issueId, doc.id, doc.title);
    // The source in VS Code's text editor (highlighting, find, undo, multi-cursor are its own); the preview beside
    // it without taking the focus. Both show the one TextDocument, so typing updates the preview as it goes.
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    await vscode.commands.executeCommand('vscode.openWith', uri, DOCUMENT_PREVIEW_VIEW_TYPE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    // Opening the preview beside may have moved the focus: the text editor keeps it, for typing.
    if (vscode.window.activeTextEditor?.document !== editor.document) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return uri;
  }

  const commands: CommandTable<DocumentCommand> = {
    'trcaa.openDocument': openDocument,
    'trcaa.generateRca': (arg) => generateDocument(services, 'rca', arg),
    'trcaa.generatePostmortem': (arg) => generateDocument(services, 'postmortem', arg),
    'trcaa.deleteDocument': (arg) => deleteDocument(services, arg),
    'trcaa.exportDocumentMarkdown': (arg) => exportDocument(services, 'markdown', arg),
    'trcaa.exportDocumentPdf': (arg) => exportDocument(services, 'pdf', arg),
    'trcaa.exportDocumentRedactedMarkdown': (arg) => exportRedactedDocument(services, 'markdown', arg),
    'trcaa.exportDocumentRedactedPdf': (arg) => exportRedactedDocument(services, 'pdf', arg),
  };
  return { commands, disposables: [fileSystem], fileSystem, preview };
}
