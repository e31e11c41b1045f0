// VS Code's own language models (vscode.lm: e.g. GitHub Copilot's), as a provider: listed when selectChatModels()
// returns any. They take messages rather than bytes; the messages are the ones in the body the egress gate built
// and audited (core/ai/providers/request.ts, kind 'vscode'), parsed back, so nothing else can be sent.
import * as vscode from 'vscode';
import type { ChatMessage, ChatResult, ModelInfo, StreamEvent } from '../../core/ai/types';

/** A model's id as the settings name it: its own id (vendor-scoped, stable across sessions). */
export async function vscodeModels(): Promise<ModelInfo[]> {
  if (!vscode.lm?.selectChatModels) return [];
  const models = await vscode.lm.selectChatModels();
  return models.map((model) => ({ id: model.id, contextTokens: model.maxInputTokens }));
}

function messagesOf(body: string): ChatMessage[] {
  const parsed = JSON.parse(body) as { messages?: unknown };
  if (!Array.isArray(parsed.messages)) throw new Error('The request carries no messages.');
  return parsed.messages as ChatMessage[];
}

/** Streams an answer from a VS Code model; usage is estimated with the model's own token counter. */
export async function streamVscodeChat(modelId: string, body: string, onEvent: (event: StreamEvent) => void, signal: AbortSignal): Promise<ChatResult> {
  const [model] = await vscode.lm.selectChatModels({ id: modelId });
  if (!model) throw new Error(`VS Code offers no language model "${modelId}" now. Choose another with TRCAA: Select AI Model….`);
  // vscode.lm has no system role: the system prompt goes first, as the user's framing.
  const messages = messagesOf(body).map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
  const cancel = new vscode.CancellationTokenSource();
  const abort = () => cancel.cancel();
  signal.addEventListener('abort', abort);
  let text = '';
  try {
    const response = await model.sendRequest(messages, { justification: 'TRCAA asks about the incident you are investigating (redacted).' }, cancel.token);
    for await (const piece of response.text) {
      text += piece;
      onEvent({ type: 'text', text: piece });
    }
  } catch (error) {
    if (!signal.aborted && !text) throw error;
    return { text, usage: await usage(model, messages, text), incomplete: true, incompleteReason: signal.aborted ? 'stopped' : (error as Error).message };
  } finally {
    signal.removeEventListener('abort', abort);
    cancel.dispose();
  }
  const result = { text, usage: await usage(model, messages, text), incomplete: signal.aborted, ...(signal.aborted ? { incompleteReason: 'stopped' } : {}) };
  onEvent({ type: 'usage', usage: result.usage });
  return result;
}

async function usage(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], answer: string) {
  const counts = await Promise.all([...messages.map((m) => model.countTokens(m)), model.countTokens(answer)]).catch(() => undefined);
  const completionTokens = counts?.pop() ?? Math.ceil(answer.length / 4);
  const promptTokens = counts?.reduce((a, b) => a + b, 0) ?? 0;
  return { promptTokens, completionTokens, estimated: true };
}
