// activate() only wires things together: no database, no WASM, no file I/O here.
import path from 'node:path';
import * as vscode from 'vscode';
import { createIssueDropController } from './views/attachments';
import { registerAttach } from './views/attachments';
import { registerDocumentCommands } from './views/documents';
import { registerDatabaseCommands } from './views/database';
import { registerIssues, type IssuesWorkbench } from './views/issues';
import { registerPii, type PiiWorkbench } from './views/pii';
import { registerWhys, type WhysWorkbench } from './views/whys';
import { DatabaseSession } from './views/workbench/databaseSession';
import { showDiagnostics } from './views/database';
import type { Services } from './views/workbench/services';
import { ChangeChannel } from './views/workbench/changeChannel';
import type { UiPort } from './views/workbench/ui';
import { vscodeUi } from './views/workbench/ui';
import { trackWalkthrough } from './views/workbench/walkthrough';
import { EngineClient } from './storage/engine/engineClient';
import { registerDocuments, type DocumentsWorkbench } from './views/documents';
import type { RefreshFolders } from './views/workbench/treeNodes';

/** What activate() returns in Test mode only: the store, so integration tests can check what was stored. */
export interface TestApi {
  store: Services['store'];
  /** The Issues view's provider: bench:ui times its first paint in the extension host. */
  issuesTree: IssuesWorkbench['tree'];
  /** The PII review: its decorations (last drawn per document) and state. */
  pii: Pick<PiiWorkbench, 'decorations' | 'state'>;
  /** The trcaa-doc: file system and the document editor (its handleMessage stands in for the webview). */
  documents: Pick<DocumentsWorkbench, 'fileSystem' | 'editor'>;
  /** The 5 Whys panels (their handleMessage stands in for the webview). */
  whys: WhysWorkbench['panels'];
  /** Answers the given prompts instead of VS Code until disposed (integration tests cannot click a modal). */
  setUi(answers: Partial<UiPort>): vscode.Disposable;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('TRCAA', { log: true });
  // The worker starts on the first engine call, not here.
  const engineClient = new EngineClient(path.join(context.extensionPath, 'dist', 'dbWorker.js'));
  stopEngine = () => engineClient.dispose();
  const changes = new ChangeChannel();
  context.subscriptions.push(changes);
  // The database opens on first use, not here.
  const services: Services = {
    context,
    log,
    engine: engineClient.api,
    engineWithProgress: (onProgress) => engineClient.withProgress(onProgress),
    changes,
    ui: vscodeUi,
    store: async () => {
      await session.ready();
      return engineClient.store;
    },
  };
  const session = new DatabaseSession(services);
  void session.expectKind(); // before the Issues view can show its welcome text

  // The Issues view, its commands and the status bar; issues.tree.refreshIssue(id) re-renders one issue.
  // Files dropped on an issue are attached to it (text/uri-list from the Explorer).
  const issues = registerIssues(services, { dragAndDropController: createIssueDropController(services) });
  context.subscriptions.push(
    log,
    { dispose: () => void engineClient.dispose() },
    ...issues.disposables,
    vscode.commands.registerCommand('trcaa.showDiagnostics', () => showDiagnostics(services, session)),
    trackWalkthrough(services),
    ...registerDatabaseCommands(services, session),
    ...registerAttach(services, { refreshIssue: (issueId) => issues.tree.refreshIssue(issueId), issuesChanged: issues.tree.onDidChangeTreeData }),
  );
  // PII review in the editor; a log's review change re-renders its issue's Logs folder.
  const pii = registerPii(services, (issueId) => issues.tree.refreshLogs(issueId));
  context.subscriptions.push(...pii.disposables);
  // RCAs and post-mortems: the trcaa-doc: file system and the side-by-side Markdown editor over it.
  const documents = registerDocuments(services);
  context.subscriptions.push(...documents.disposables);
  // Generate, export and delete documents; each change re-renders only that issue's folders it touched.
  const refreshFolders: RefreshFolders = (issueId, ...folders) => issues.tree.refreshFolders(issueId, ...folders);
  context.subscriptions.push(...registerDocumentCommands(services, refreshFolders));
  // The 5 Whys panel and commands; a change re-renders the issue's 5 Whys and Timeline folders.
  const whys = registerWhys(services, refreshFolders);
  context.subscriptions.push(...whys.disposables);
  log.info(`[activate] TRCAA ${String(context.extension.packageJSON.version)} activated (${vscode.ExtensionMode[context.extensionMode]} mode)`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const setUi = (answers: Partial<UiPort>) => {
    services.ui = { ...vscodeUi, ...answers };
    return new vscode.Disposable(() => (services.ui = vscodeUi));
  };
  return { store: services.store, issuesTree: issues.tree, pii, documents, whys: whys.panels, setUi };
}

let stopEngine: (() => Promise<void>) | undefined;

/** Closes the database cleanly (its lock records and journal) before the worker stops. */
export function deactivate(): Promise<void> | undefined {
  return stopEngine?.();
}
