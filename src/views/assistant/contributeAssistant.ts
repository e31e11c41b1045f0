// What the AI assistant registers at activation, as forwarders: its commands, the AI Chat view's provider and the
// chat panel's serializer (a chat open before a reload is restored first thing). The panel, the gate's client and the providers load with the
// first of them used.
import * as vscode from 'vscode';
import { forwardingSerializer, forwardingViewProvider } from '../workbench/forwarders';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import type { TreeNode } from '../workbench/treeNodes';
import { ASSISTANT_VIEW_TYPE, CHAT_VIEW_ID } from '../workbench/viewTypes';
import { registerChatContributions } from './chatContributions';
import { ASSISTANT_COMMANDS, type AssistantCommand } from './commandIds';
import type { AssistantWorkbench } from './loadAssistant';

export type AssistantFeature = LazyFeature<AssistantCommand, AssistantWorkbench>;

export function contributeAssistant(services: Services, options: { issueSelection?: () => readonly TreeNode[] } = {}): { feature: AssistantFeature; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<AssistantCommand, AssistantWorkbench>('assistant', services, async () => (await import('./loadAssistant')).loadAssistant(services));
  return {
    feature,
    disposables: [
      feature,
      vscode.window.registerWebviewPanelSerializer(ASSISTANT_VIEW_TYPE, forwardingSerializer(async () => (await feature.get()).panels)),
      // Kept alive while hidden: showing the chat again is then instant (chatView.ts says why).
      vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, forwardingViewProvider(async () => (await feature.get()).chatView), { webviewOptions: { retainContextWhenHidden: true } }),
      ...feature.registerCommands(ASSISTANT_COMMANDS),
      // @trcaa and the language-model tools, where VS Code's chat exists (chatContributions.ts).
      ...registerChatContributions({ services, ...(options.issueSelection ? { issueSelection: options.issueSelection } : {}) }),
    ],
  };
}
