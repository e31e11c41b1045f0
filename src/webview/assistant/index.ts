// The AI chat panel (webview) over a ChatBackend, and its typed messages.
export { AssistantPanels, type AssistantDeps, type OpenOptions } from './assistantPanel';
export { ChatView, type ChatSurface } from './chatView';
export { ASSISTANT_VIEW_TYPE } from './assistantProtocol';
export type * from './chatBackend';
