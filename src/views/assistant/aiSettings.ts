// The AI provider the user chose: settings (trcaa.ai.*) for where and which model, VS Code's secret storage for the
// key (never settings, never logs). Read at each request, so a changed setting applies to the next message.
import * as vscode from 'vscode';
import type { ProviderConfig, ProviderKind } from '../../core/ai/types';

export const PROVIDER_KINDS: readonly ProviderKind[] = ['ollama', 'openai', 'anthropic', 'vscode'];

/** Where each provider answers when trcaa.ai.baseUrl is empty. */
export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  ollama: 'http://127.0.0.1:11434',
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  vscode: '',
};

export const PROVIDER_LABELS: Record<ProviderKind, string> = { ollama: 'Ollama', openai: 'OpenAI-compatible', anthropic: 'Anthropic', vscode: 'VS Code' };

/** The default context window when neither the provider nor trcaa.ai.contextTokens says. */
export const DEFAULT_CONTEXT_TOKENS = 8192;

export interface ProviderSettings {
  kind: ProviderKind;
  baseUrl: string;
  model: string;
  contextTokens: number;
  allowInsecureHttp: boolean;
}

export function providerSettings(): ProviderSettings {
  const config = vscode.workspace.getConfiguration('trcaa.ai');
  const kindSetting = config.get<string>('provider', 'ollama');
  const kind = (PROVIDER_KINDS as readonly string[]).includes(kindSetting) ? (kindSetting as ProviderKind) : 'ollama';
  const contextSetting = config.get<number>('contextTokens', 0);
  return {
    kind,
    baseUrl: config.get<string>('baseUrl', '').trim() || DEFAULT_BASE_URLS[kind],
    model: config.get<string>('model', '').trim(),
    contextTokens: Number.isFinite(contextSetting) && contextSetting > 0 ? Math.floor(contextSetting) : DEFAULT_CONTEXT_TOKENS,
    allowInsecureHttp: config.get<boolean>('allowInsecureHttp', false),
  };
}

/** The secret storage entry of a provider's key: one per provider and host (two OpenAI-compatible servers differ). */
export function keyName(settings: Pick<ProviderSettings, 'kind' | 'baseUrl'>): string {
  let host = '';
  try {
    host = new URL(settings.baseUrl).host;
  } catch {
    host = settings.baseUrl;
  }
  return `trcaa.ai.apiKey:${settings.kind}:${host}`;
}

/** The config for one request: settings plus the key, read from secret storage now. */
export async function providerConfig(secrets: vscode.SecretStorage, settings = providerSettings()): Promise<ProviderConfig> {
  const apiKey = settings.kind === 'vscode' ? undefined : await secrets.get(keyName(settings));
  return {
    kind: settings.kind,
    baseUrl: settings.baseUrl,
    model: settings.model,
    allowInsecureHttp: settings.allowInsecureHttp,
    ...(apiKey ? { apiKey } : {}),
  };
}

/** "Ollama · llama3.1:8b", or undefined when no model is chosen yet. */
export function modelLabel(settings = providerSettings()): string | undefined {
  return settings.model ? `${PROVIDER_LABELS[settings.kind]} · ${settings.model}` : undefined;
}

/** trcaa.ai.maxToolRounds: rounds of MCP tool calls per answer (0: no tools offered). */
export function maxToolRounds(): number {
  const value = vscode.workspace.getConfiguration('trcaa.ai').get<number>('maxToolRounds', 5);
  return Number.isFinite(value) && value >= 0 ? Math.min(50, Math.floor(value)) : 5;
}
