// Delete Document: after a modal confirmation (through the UI port: integration tests answer it there), its open
// tabs closed first so no editor is left over a row that is gone.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { parseDocumentUri } from './documentUri';
import { documentTarget } from './documentTargets';

export async function deleteDocument(services: Services, arg: unknown): Promise<boolean> {
  const target = documentTarget(arg, 'Delete Document');
  const store = await services.store();
  const doc = await store.documents.get(target.docId);
  if (!doc) throw new Error('That document no longer exists: it may have been deleted.');
  const remove = 'Delete';
  const choice = await services.ui.showWarningMessage(`Delete the document "${doc.title}"?`, { modal: true, detail: 'It is removed from the TRCAA database; files it was exported to are not touched.' }, remove);
  if (choice !== remove) return false;
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
    const input = tab.input;
    const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
    return uri !== undefined && parseDocumentUri(uri)?.docId === doc.id;
  });
  // A dirty editor asks VS Code's own save question as it closes.
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  const deleted = await store.documents.delete(doc.id);
  services.log.info(`[documents] deleted document ${doc.id} of issue ${doc.issueId}`);
  return deleted;
}
