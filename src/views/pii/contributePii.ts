// What the PII review registers at activation: its commands and the redacted view's content provider, as
// forwarders. The review itself (state, decorations, hover, quick fixes) loads with the first stored log opened —
// or already open in a restored tab — or the first trcaa.pii.* command.
import * as vscode from 'vscode';
import { ForwardingContentProvider } from '../workbench/forwarders';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { LOG_SCHEME } from '../attachments';
import { PII_COMMANDS, type PiiCommand } from './commandIds';
import { REDACTED_SCHEME } from './redactedUri';
import type { PiiWorkbench } from './loadPii';

export type PiiFeature = LazyFeature<PiiCommand, PiiWorkbench>;

export function contributePii(services: Services): { feature: PiiFeature; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<PiiCommand, PiiWorkbench>('pii', services, async () => (await import('./loadPii')).loadPii(services));
  const content = new ForwardingContentProvider(async () => (await feature.get()).redactedContent);
  const reviewed = (document: vscode.TextDocument) => document.uri.scheme === LOG_SCHEME || document.uri.scheme === REDACTED_SCHEME;
  const loadFor = (document: vscode.TextDocument) => {
    if (reviewed(document) && !feature.isLoaded) feature.get().catch(() => undefined); // logged by the feature
  };
  for (const document of vscode.workspace.textDocuments) loadFor(document);
  return {
    feature,
    disposables: [
      feature,
      content,
      vscode.workspace.registerTextDocumentContentProvider(REDACTED_SCHEME, content),
      vscode.workspace.onDidOpenTextDocument(loadFor),
      ...feature.registerCommands(PII_COMMANDS),
    ],
  };
}
