// "Draft with AI" above each `## ` section heading of an open RCA / post-mortem (trcaa-doc:). Light on purpose — it
// is registered at activation: the lens only names the section; trcaa.ai.draftSection loads the assistant.
import * as vscode from 'vscode';
import { documentSections } from './documentSections';
import { DOC_SCHEME, parseDocumentUri } from './documentUri';

export class DraftWithAiLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const ref = parseDocumentUri(document.uri);
    if (!ref) return [];
    return documentSections(document.getText()).map(
      (section) =>
        new vscode.CodeLens(new vscode.Range(section.headingLine, 0, section.headingLine, 0), {
          title: '$(sparkle) Draft with AI',
          tooltip: `Ask the AI model for a draft of "${section.title}" from the incident's redacted data; you see it beside the current text before anything changes.`,
          command: 'trcaa.ai.draftSection',
          arguments: [{ docId: ref.docId, section: section.title }],
        }),
    );
  }
}

export function registerDraftLenses(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ scheme: DOC_SCHEME }, new DraftWithAiLenses());
}
