// What documents register at activation, as forwarders: the trcaa-doc: file system and the preview editor (a
// restored tab asks for them first thing) and the commands. The feature — markdown-it, the generators, the
// exports — loads with the first of them used.
import * as vscode from 'vscode';
import { DOCUMENT_PREVIEW_VIEW_TYPE } from '../workbench/viewTypes';
import { ForwardingFileSystem, forwardingTextEditor } from '../workbench/forwarders';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { DOCUMENT_COMMANDS, type DocumentCommand } from './commandIds';
import { DOC_SCHEME } from './documentUri';
import { registerDraftLenses } from './draftCodeLens';
import type { DocumentsWorkbench } from './loadDocuments';

export type DocumentsFeature = LazyFeature<DocumentCommand, DocumentsWorkbench>;

export function contributeDocuments(services: Services): { feature: DocumentsFeature; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<DocumentCommand, DocumentsWorkbench>('documents', services, async () => (await import('./loadDocuments')).loadDocuments(services));
  const fileSystem = new ForwardingFileSystem(async () => (await feature.get()).fileSystem);
  return {
    feature,
    disposables: [
      feature,
      fileSystem,
      vscode.workspace.registerFileSystemProvider(DOC_SCHEME, fileSystem, { isCaseSensitive: true }),
      // Kept alive when hidden would cost memory per tab; the webview restores from its tiny state instead.
      vscode.window.registerCustomEditorProvider(DOCUMENT_PREVIEW_VIEW_TYPE, forwardingTextEditor(async () => (await feature.get()).preview), { supportsMultipleEditorsPerDocument: true }),
      ...feature.registerCommands(DOCUMENT_COMMANDS),
      registerDraftLenses(),
    ],
  };
}
