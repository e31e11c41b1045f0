// Documents in the editor: the trcaa-doc: file system, the custom editor over it, and TRCAA: Open Document.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Services } from '../workbench/services';
import { DOCUMENT_EDITOR_VIEW_TYPE, DocumentEditorProvider } from '../../webview/documents';
import { DocumentFileSystemProvider, registerDocumentFileSystem } from './documentFileSystem';
import { documentUri } from './documentUri';

export interface DocumentsWorkbench {
  fileSystem: DocumentFileSystemProvider;
  editor: DocumentEditorProvider;
  disposables: vscode.Disposable[];
}

/** trcaa.openDocument's argument: a document id, or { issueId?, docId } (a tree item or a link). */
const openArgSchema = z.union([z.string().min(1), z.object({ issueId: z.string().min(1).optional(), docId: z.string().min(1) })]);

export function registerDocuments(services: Services): DocumentsWorkbench {
  const fileSystem = new DocumentFileSystemProvider(services);
  const editor = new DocumentEditorProvider(services.context.extensionUri, services.log);

  /** Opens a stored document in the TRCAA editor; returns its URI (undefined when there is no such document). */
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
    // Explicitly with our editor: a custom editor's selector cannot name a URI scheme, only a file name pattern.
    await vscode.commands.executeCommand('vscode.openWith', uri, DOCUMENT_EDITOR_VIEW_TYPE);
    return uri;
  }

  const disposables: vscode.Disposable[] = [
    fileSystem,
    registerDocumentFileSystem(fileSystem),
    // Kept alive when hidden would cost memory per tab; the webview restores from its tiny state instead.
    vscode.window.registerCustomEditorProvider(DOCUMENT_EDITOR_VIEW_TYPE, editor, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('trcaa.openDocument', openDocument),
  ];
  return { fileSystem, editor, disposables };
}
