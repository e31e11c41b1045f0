// Documents in the editor: the trcaa-doc: file system, VS Code's own text editor over it with our rendered preview
// beside (a custom text editor on the same document), and TRCAA: Open Document.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { DOCUMENT_PREVIEW_VIEW_TYPE, DocumentPreviewProvider } from '../../webview/documents';
import { DocumentFileSystemProvider, registerDocumentFileSystem } from './documentFileSystem';
import { documentUri } from './documentUri';

export interface DocumentsWorkbench {
  fileSystem: DocumentFileSystemProvider;
  preview: DocumentPreviewProvider;
  disposables: vscode.Disposable[];
}

/** trcaa.openDocument's argument: a document id, or { issueId?, docId } (a tree item or a link). */
const openArgSchema = z.union([z.string().min(1), z.object({ issueId: z.string().min(1).optional(), docId: z.string().min(1) })]);

export function registerDocuments(services: Services): DocumentsWorkbench {
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

  const disposables: vscode.Disposable[] = [
    fileSystem,
    registerDocumentFileSystem(fileSystem),
    // Kept alive when hidden would cost memory per tab; the webview restores from its tiny state instead.
    vscode.window.registerCustomEditorProvider(DOCUMENT_PREVIEW_VIEW_TYPE, preview, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('trcaa.openDocument', openDocument),
  ];
  return { fileSystem, preview, disposables };
}
