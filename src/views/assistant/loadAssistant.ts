// The AI assistant, loaded on first use (contributeAssistant.ts): the chat panels over the backend (the worker's
// AI gate + the provider clients) and the model commands.
import * as vscode from 'vscode';
import { AssistantPanels, ChatView } from '../../webview/assistant';
import { idFromUri, LOG_SCHEME } from '../attachments';
import { mcpToolHost } from '../mcp';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { selectedLines } from '../workbench/selectedLines';
import { resolveTarget } from '../workbench/targets';
import { AssistantBackend } from './assistantBackend';
import type { AssistantCommand } from './commandIds';
import { selectModel, signOutOfAiProvider, testAiConnection } from './modelCommands';
import { analyzeLog } from './analyzeLog';
import { draftSection } from './draftSection';
import { ProposalDocuments } from './proposalDocuments';
import { statusUpdate } from './statusUpdate';
import { revokeToolApprovals } from './toolApprovals';
import { suggestNextWhy } from './suggestNextWhy';

export interface AssistantWorkbench extends LoadedFeature<AssistantCommand> {
  panels: AssistantPanels;
  chatView: ChatView;
  backend: AssistantBackend;
}

export function loadAssistant(services: Services): AssistantWorkbench {
  // The enabled MCP servers' tools, offered in the chat (the MCP feature loads on the first question).
  const backend = new AssistantBackend(services, async () => mcpToolHost(services));
  const proposals = new ProposalDocuments();
  // The view and the chats it shows refer to each other: the view calls back once the panels exist.
  const chatView: ChatView = new ChatView({ restore: (surface, state) => panels.restore(surface, state), showEmpty: (webview) => panels.showEmpty(webview) });
  const panels = new AssistantPanels({
    extensionUri: services.context.extensionUri,
    log: services.log,
    backend,
    get ui() {
      return services.ui; // read at each prompt: Test mode may swap it
    },
    changes: services.changes,
    view: chatView,
  });

  /** The chat of the incident the argument names (a row, an id, a URI), else the one picked. */
  async function openChat(arg: unknown): Promise<string | undefined> {
    const target = await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'issue', title: 'TRCAA: Open AI Chat' });
    if (!target) return undefined;
    await panels.open(target.id);
    return target.id;
  }

  /** The incident's chat in an editor tab of its own (from the view's title: the chat the view shows, moved). */
  async function openChatInEditor(arg: unknown): Promise<string | undefined> {
    const inView = arg === undefined ? chatView.surface : undefined;
    const shown = inView && [...panels.panels].find(([, surface]) => surface === inView);
    const target = shown ? { id: shown[0] } : await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'issue', title: 'TRCAA: Open AI Chat in Editor' });
    if (!target) return undefined;
    const current = panels.panels.get(target.id);
    const conversationId = current && panels.stateOf(current)?.conversationId;
    // A chat in the view moves: the view lets it go once the tab has started (AssistantPanels.open).
    await panels.open(target.id, { inEditor: true, ...(conversationId ? { conversationId } : {}) });
    return target.id;
  }

  /** The selected lines of a stored log, as a pick in its incident's chat, with a question to finish. */
  async function askAboutSelection(): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== LOG_SCHEME) throw new Error('Ask AI about Selection works on a stored log (open one from the Issues view).');
    const logId = idFromUri(editor.document.uri);
    const log = await (await services.store()).logFiles.get(logId);
    if (!log) throw new Error('That log no longer exists.');
    if (!log.redacted) {
      const review = 'Review PII';
      const choice = await services.ui.showWarningMessage(`TRCAA: ${log.fileName} is not approved for sharing yet: review its PII and approve the redaction first. Only approved, redacted text is sent to the AI.`, review);
      if (choice === review) await vscode.commands.executeCommand('trcaa.pii.reviewLog', logId);
      return undefined;
    }
    await panels.open(log.issueId, { picks: [{ kind: 'log', logId, ...selectedLines(editor.selection) }], draft: 'What do these lines tell us about the incident?' });
    return log.issueId;
  }

  const commands: CommandTable<AssistantCommand> = {
    'trcaa.ai.openChat': openChat,
    'trcaa.ai.openChatInEditor': openChatInEditor,
    'trcaa.ai.askAboutSelection': askAboutSelection,
    'trcaa.ai.selectModel': () => selectModel(services),
    'trcaa.ai.testConnection': () => testAiConnection(services),
    'trcaa.ai.signOut': () => signOutOfAiProvider(services),
    // The actions that write: each returns its proposal; only what the user accepts is stored.
    'trcaa.ai.suggestNextWhy': (arg) => suggestNextWhy(services, arg),
    'trcaa.ai.draftSection': (arg) => draftSection(services, proposals, arg),
    'trcaa.ai.analyzeLog': (arg) => analyzeLog(services, proposals, arg),
    'trcaa.ai.statusUpdate': (arg) => statusUpdate(services, arg),
    'trcaa.ai.revokeToolApprovals': () => revokeToolApprovals(services),
  };
  return { commands, disposables: [panels, chatView, proposals], panels, chatView, backend };
}
