// activate() only wires things together: no database, no WASM, no file I/O here.
import path from 'node:path';
import * as vscode from 'vscode';
import { createIssueDropController } from './views/attachments';
import { contributeAssistant, type AssistantWorkbench } from './views/assistant';
import { contributeAttachments } from './views/attachments';
import { contributeDatabase } from './views/database';
import { contributeIssues, type IssuesWorkbench } from './views/issues';
import { contributePii, type PiiWorkbench } from './views/pii';
import { contributeWhys, type WhysWorkbench } from './views/whys';
import { contributePatterns, type PatternsWorkbench } from './views/patterns';
import { DatabaseSession } from './views/workbench/databaseSession';
import type { Services } from './views/workbench/services';
import { ChangeChannel, storeChangeEvent } from './views/workbench/changeChannel';
import { ExternalChanges } from './views/workbench/externalChanges';
import { vscodeUi, type UiPort } from './views/workbench/ui';
import { trackWalkthrough } from './views/workbench/walkthrough';
import { EngineClient } from './storage/engine/engineClient';
import { contributeDocuments, type DocumentsWorkbench } from './views/documents';
import { contributeIntegrations, type IntegrationsWorkbench } from './views/integrations';
import type { AttachWorkbench } from './views/attachments';
import { contributeMcp, type McpWorkbench } from './views/mcp';

/** What activate() returns in Test mode only: the store, so integration tests can check what was stored. */
export interface TestApi {
  store: Services['store'];
  /** The Issues view's provider: bench:ui times its first paint in the extension host. */
  issuesTree: IssuesWorkbench['tree'];
  /** The Issues view as data (what integration tests read; once a Test-mode-only command). */
  issuesView: IssuesWorkbench['testTree'];
  /** The All Attachments view's provider (its rows, as drawn). */
  attachments: AttachWorkbench['attachments'];
  /** The change channel: tests fire what the database worker reports, and watch what views do with it. */
  changes: Services['changes'];
  /** The services, so a test can answer prompts by replacing `ui`. */
  services: Services;
  /** The PII review (loaded by this call if it was not): its decorations (last drawn per document) and state. */
  pii(): Promise<Pick<PiiWorkbench, 'decorations' | 'state'>>;
  /** The trcaa-doc: file system and the document preview (its handleMessage stands in for the webview), loaded by this call if need be. */
  documents(): Promise<Pick<DocumentsWorkbench, 'fileSystem' | 'preview'>>;
  /** The 5 Whys panels (their handleMessage stands in for the webview), loaded by this call if need be. */
  whys(): Promise<WhysWorkbench['panels']>;
  /** Log insight (the Log Insight panels, pattern highlights, merged timelines), loaded by this call if need be. */
  patterns(): Promise<Pick<PatternsWorkbench, 'panels' | 'highlights' | 'timelines'>>;
  /** The AI chat (the AI Chat view and editor tabs) and its backend, loaded by this call if need be. */
  assistant(): Promise<Pick<AssistantWorkbench, 'panels' | 'backend' | 'chatView'>>;
  /** The integrations (Confluence, ServiceNow, Azure DevOps), loaded by this call if need be. */
  integrations(): Promise<IntegrationsWorkbench>;
  /** The MCP servers (their connections), loaded by this call if need be. */
  mcp(): Promise<McpWorkbench>;
  /** The MCP Servers view's provider (its rows, as drawn). */
  mcpServers: ReturnType<typeof contributeMcp>['view'];
  /** The features loaded so far (activation loads none of them: each loads on first use). */
  loadedFeatures(): string[];
  /** Answers prompts instead of VS Code's (the functions given; the rest stay VS Code's) until disposed, or until called with undefined. */
  setUi(port: Partial<UiPort> | undefined): vscode.Disposable;
  /** The check for other windows' writes (tests run it instead of waiting for focus). */
  externalChanges: ExternalChanges;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('TRCAA', { log: true });
  // The worker starts on the first engine call, not here.
  const engineClient = new EngineClient(path.join(context.extensionPath, 'dist', 'dbWorker.js'));
  stopEngine = () => engineClient.dispose();
  const changes = new ChangeChannel();
  // This window's writes, heard before the awaiting command continues; another window's, by data_version checks.
  const externalChanges = new ExternalChanges(async () => (engineClient.running ? engineClient.api.dataVersion() : null), changes);
  context.subscriptions.push(changes, engineClient.onChanges((list) => changes.fire(storeChangeEvent(list))), externalChanges);
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

  // The Issues view, its commands and the status bar. Files dropped on an issue are attached to it (text/uri-list
  // from the Explorer). Every view follows services.changes: no feature refreshes another's.
  const issues = contributeIssues(services, { dragAndDropController: createIssueDropController(services) });
  const attach = contributeAttachments(services);
  // Everything else registers its commands and providers now and loads on first use (lazyFeature.ts).
  const pii = contributePii(services);
  const documents = contributeDocuments(services);
  const whys = contributeWhys(services);
  const patterns = contributePatterns(services);
  const assistant = contributeAssistant(services, { issueSelection: () => issues.tree.selectedNodes() });
  const integrations = contributeIntegrations(services);
  const mcp = contributeMcp(services);
  context.subscriptions.push(
    log,
    { dispose: () => void engineClient.dispose() },
    ...issues.disposables,
    ...attach.disposables,
    ...pii.disposables,
    ...documents.disposables,
    ...whys.disposables,
    ...patterns.disposables,
    ...assistant.disposables,
    ...integrations.disposables,
    ...mcp.disposables,
    ...contributeDatabase(services, session),
    trackWalkthrough(services),
  );
  log.info(`[activate] TRCAA ${String(context.extension.packageJSON.version)} activated (${vscode.ExtensionMode[context.extensionMode]} mode)`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const setUi = (port: Partial<UiPort> | undefined) => {
    services.ui = port ? { ...vscodeUi, ...port } : vscodeUi;
    return new vscode.Disposable(() => (services.ui = vscodeUi));
  };
  const lazy = [pii.feature, documents.feature, whys.feature, patterns.feature, assistant.feature, integrations.feature, mcp.feature];
  return {
    store: services.store,
    issuesTree: issues.tree,
    issuesView: issues.testTree,
    attachments: attach.attachments,
    changes,
    externalChanges,
    services,
    pii: () => pii.feature.get(),
    documents: () => documents.feature.get(),
    whys: async () => (await whys.feature.get()).panels,
    patterns: () => patterns.feature.get(),
    assistant: () => assistant.feature.get(),
    integrations: () => integrations.feature.get(),
    mcp: () => mcp.feature.get(),
    mcpServers: mcp.view,
    loadedFeatures: () => lazy.filter((f) => f.isLoaded).map((f) => f.name),
    setUi,
  };
}

let stopEngine: (() => Promise<void>) | undefined;

/** Closes the database cleanly (its lock records and journal) before the worker stops. */
export function deactivate(): Promise<void> | undefined {
  return stopEngine?.();
}
