// Draft with AI: the model drafts one `## ` section of an RCA / post-mortem from the incident's data. The draft is
// shown beside the current text (a diff of the document against a read-only copy with the section replaced); Accept
// replaces that section's body in the open document as a normal edit — undoable, saved when the user saves — and
// Discard leaves the document as it was. The generated template stays what the document starts from.
import * as vscode from 'vscode';
import { documentUri, findSection, parseDocumentUri, replaceSectionBody, sectionBody, sectionEdit } from '../documents';
import type { Services } from '../workbench/services';
import { runAiAction } from './aiActions';
import type { ProposalDocuments } from './proposalDocuments';

export interface DraftArgs {
  docId: string;
  section: string;
}

export interface DraftOutcome {
  docId: string;
  section: string;
  markdown: string;
  applied: boolean;
}

export const ACCEPT_DRAFT = 'Accept';
export const DISCARD_DRAFT = 'Discard';

function draftArgs(arg: unknown): DraftArgs {
  const value = arg as Partial<DraftArgs> | undefined;
  if (!value || typeof value.docId !== 'string' || !value.docId || typeof value.section !== 'string' || !value.section.trim()) {
    throw new Error('Draft with AI needs a document and a section: use the "Draft with AI" link above a section heading of an open RCA or post-mortem.');
  }
  return { docId: value.docId, section: value.section.trim().slice(0, 200) };
}

/** The open document of `docId` (the user's unsaved text included), else the stored one opened now. */
async function textDocumentOf(services: Services, docId: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((doc) => parseDocumentUri(doc.uri)?.docId === docId);
  if (open) return open;
  const doc = await (await services.store()).documents.get(docId).catch(() => null);
  if (!doc) throw new Error('That document no longer exists: it may have been deleted.');
  return vscode.workspace.openTextDocument(documentUri(doc.issueId, doc.id, doc.title));
}

/** trcaa.ai.draftSection({ docId, section }) → { docId, section, markdown, applied }; undefined when cancelled. */
export async function draftSection(services: Services, proposals: ProposalDocuments, arg: unknown): Promise<DraftOutcome | undefined> {
  const { docId, section: title } = draftArgs(arg);
  const document = await textDocumentOf(services, docId);
  const ref = parseDocumentUri(document.uri);
  if (!ref) throw new Error('Draft with AI works on a TRCAA document.');
  const section = findSection(document.getText(), title);
  if (!section) throw new Error(`The document has no section "${title}" (a "## ${title}" heading).`);
  const result = await runAiAction(services, { action: 'draftSection', issueId: ref.issueId, section: section.title, currentText: sectionBody(document.getText(), section) }, `drafting "${section.title}"`);
  if (!result) return undefined;

  // Beside the current text: the whole document with only this section replaced, so the diff shows just it.
  const proposal = proposals.create(`AI draft — ${section.title}.md`, replaceSectionBody(document.getText(), section, result.markdown));
  await vscode.commands.executeCommand('vscode.diff', document.uri, proposal, `${section.title}: current ↔ AI draft`, { preview: true, preserveFocus: false });
  const choice = await services.ui.showInformationMessage(`TRCAA: the AI's draft of "${section.title}" is shown beside the current text. Replace the section with it? (Undo brings the old text back; nothing is saved until you save.)`, ACCEPT_DRAFT, DISCARD_DRAFT);
  await proposals.close(proposal);
  const outcome = { docId, section: section.title, markdown: result.markdown, applied: false };
  if (choice !== ACCEPT_DRAFT) return outcome;

  // The section as it is now (the user may have typed meanwhile).
  const now = findSection(document.getText(), section.title);
  if (!now) throw new Error(`The section "${section.title}" is no longer in the document: the draft was not applied.`);
  const spec = sectionEdit(document.getText(), now, result.markdown);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(spec.start.line, spec.start.character, spec.end.line, spec.end.character), spec.text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the draft to the document (is it read-only?).');
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const at = new vscode.Position(now.headingLine, 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.AtTop);
  return { ...outcome, applied: true };
}
