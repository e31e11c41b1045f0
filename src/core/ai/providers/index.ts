// The provider clients: what the chat and the commands use.
export { streamChat, type StreamChatOptions } from './streamChat';
export { listModels, testConnection, modelIsListed, type ConnectionReport, type ListModelsOptions } from './models';
export { checkProviderUrl, checkUrl, isLoopbackHost } from './urlPolicy';
export { AiProviderError, isAiProviderError, type AiProviderErrorKind } from './errors';
export { DEFAULT_LIMITS, type ProviderLimits } from './limits';
export type { RetryInfo } from './retry';
export type { FetchLike } from './http';
export { AI_COMMANDS, AI_SETTINGS } from './settingNames';
export { buildChatRequest, headersFor, type ChatRequest } from './request';
