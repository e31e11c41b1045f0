// TRCAA in VS Code's own chat, registered at activation as thin forwarders (contributeAssistant.ts): the @trcaa
// participant, the language-model tools and the command that accepts a participant's proposal. Each is registered
// only where the API exists (VS Code for the Web without a chat provider has neither); the code that answers —
// chatParticipant.ts, lmTools.ts, chatProposals.ts, with zod and the gate's client — loads on first use.
import * as vscode from 'vscode';
import { commandGuard } from '../workbench/guardedCommand';
import type { Services } from '../workbench/services';
import type { TreeNode } from '../workbench/treeNodes';

export const PARTICIPANT_ID = 'trcaa.assistant';
/** As package.json contributes.languageModelTools names them. */
export const LM_TOOL_NAMES = ['trcaa_searchIncidents', 'trcaa_incidentSummary', 'trcaa_logExcerpt'] as const;
export type LmToolName = (typeof LM_TOOL_NAMES)[number];
/** Run by the participant's buttons: stores a proposal the user accepted (the participant itself stores nothing). */
export const ACCEPT_PROPOSAL_COMMAND = 'trcaa.ai.acceptChatProposal';

export interface ChatDeps {
  services: Services;
  /** The Issues view's selection, when the caller can give it: the incident a prompt naming none is about. */
  issueSelection?: () => readonly TreeNode[];
}

export function registerChatContributions(deps: ChatDeps): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  const guarded = commandGuard(deps.services, 'assistant');
  disposables.push(vscode.commands.registerCommand(ACCEPT_PROPOSAL_COMMAND, guarded(async (arg: unknown) => (await import('./chatProposals')).acceptProposal(deps.services, arg), ACCEPT_PROPOSAL_COMMAND)));
  if (vscode.chat?.createChatParticipant) {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, response, token) => (await import('./chatParticipant')).answerChat(deps, request, context, response, token));
    participant.iconPath = vscode.Uri.joinPath(deps.services.context.extensionUri, 'media', 'icons', 'trcaa.png');
    participant.followupProvider = { provideFollowups: async (result) => (await import('./chatParticipant')).followups(result) };
    disposables.push(participant);
  }
  if (vscode.lm?.registerTool) {
    const tools = async () => (await import('./lmTools')).lmTools(deps.services);
    for (const name of LM_TOOL_NAMES) {
      disposables.push(
        vscode.lm.registerTool<object>(name, {
          prepareInvocation: async (options, token) => (await tools())[name].prepareInvocation(options as never, token),
          invoke: async (options, token) => (await tools())[name].invoke(options as never, token),
        }),
      );
    }
  }
  return disposables;
}
