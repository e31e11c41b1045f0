// Sends a request the worker's AI gate built (and audited) to the chosen provider: exactly its bytes, the key added
// to the headers here. The one way the extension host talks to a model; the chat and the AI actions both use it.
import { streamChat } from '../../core/ai/providers';
import type { ChatResult, StreamEvent } from '../../core/ai/types';
import type { Services } from '../workbench/services';
import { providerConfig, type ProviderSettings } from './aiSettings';
import { streamVscodeChat } from './vscodeModels';

export interface PreparedBytes {
  url: string;
  body: string;
  bytes: number;
  auditId: string;
}

export async function sendPrepared(services: Services, settings: ProviderSettings, prepared: PreparedBytes, onText: (delta: string) => void, signal: AbortSignal): Promise<ChatResult> {
  const onEvent = (event: StreamEvent) => {
    if (event.type === 'text') onText(event.text);
  };
  services.log.info(`[ai] sending ${prepared.bytes} bytes to ${settings.kind} ${settings.model} (audit ${prepared.auditId})`);
  if (settings.kind === 'vscode') return streamVscodeChat(settings.model, prepared.body, onEvent, signal);
  return streamChat(await providerConfig(services.context.secrets, settings), { url: prepared.url, body: prepared.body }, { signal, onEvent });
}
