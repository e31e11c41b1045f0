// The AI assistant: the chat per incident, model selection, the key in secret storage. Registered at activation
// (contributeAssistant), loaded on first use.
export { contributeAssistant, type AssistantFeature } from './contributeAssistant';
export type { AssistantWorkbench } from './loadAssistant';
