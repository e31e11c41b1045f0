// The models a provider offers (for "Select AI Model…") and the connection test: OpenAI-compatible GET {base}/models,
// Ollama GET /api/tags, Anthropic GET /v1/models — with the same headers (and key) as a chat request.
import type { ModelInfo, ProviderConfig } from '../types';
import { AiProviderError, hostOf, malformedError } from './errors';
import { openResponse, type FetchLike } from './http';
import { resolveLimits, type ProviderLimits } from './limits';
import { endpoint, headersFor } from './request';
import { RequestControl } from './requestControl';
import { withRetries } from './retry';
import { AI_COMMANDS, AI_SETTINGS } from './settingNames';
import { asCount, asRecord } from './wireEvent';

export interface ListModelsOptions {
  signal?: AbortSignal;
  fetch?: FetchLike;
  limits?: Partial<ProviderLimits>;
}

/** A model list is small; anything bigger is not one. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;

export function modelsUrl(config: ProviderConfig): string {
  switch (config.kind) {
    case 'ollama':
      return endpoint(config.baseUrl, 'api/tags');
    case 'anthropic':
      return `${endpoint(config.baseUrl, 'v1/models')}?limit=1000`;
    default:
      return endpoint(config.baseUrl, 'models');
  }
}

export async function listModels(config: ProviderConfig, options: ListModelsOptions = {}): Promise<ModelInfo[]> {
  if (config.kind === 'vscode') throw new Error('VS Code language models are listed through vscode.lm, not listModels');
  const limits = resolveLimits(config.timeoutMs, options.limits);
  const url = modelsUrl(config);
  const body = await withRetries(async () => {
    const control = new RequestControl(url, options.signal);
    try {
      const { 'content-type': _json, ...headers } = headersFor(config);
      const response = await openResponse({ config, url, method: 'GET', headers: { ...headers, accept: 'application/json' }, control, timeoutMs: limits.timeoutMs, fetch: options.fetch });
      const text = await response.text().catch(() => {
        throw control.stopped() ?? new AiProviderError('network', `The AI provider at ${hostOf(url)} closed the connection while listing its models.`);
      });
      if (text.length > MAX_LIST_BYTES) throw new AiProviderError('tooLarge', `The AI provider at ${hostOf(url)} sent a model list over the size limit.`);
      return text;
    } finally {
      control.dispose();
    }
  }, limits, options.signal);
  return parseModelList(config, body, url);
}

function parseModelList(config: ProviderConfig, body: string, url: string): ModelInfo[] {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = asRecord(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  const list = config.kind === 'ollama' ? parsed?.models : parsed?.data;
  if (!Array.isArray(list)) throw malformedError(url, 'a model list it could not read');
  const models: ModelInfo[] = [];
  for (const item of list) {
    const entry = asRecord(item);
    const id = config.kind === 'ollama' ? (entry?.name ?? entry?.model) : entry?.id;
    if (typeof id !== 'string' || id === '') continue;
    // LM Studio says context_length, vLLM max_model_len; the others do not say.
    const contextTokens = asCount(entry?.context_length) ?? asCount(entry?.max_model_len);
    models.push(contextTokens ? { id, contextTokens } : { id });
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** Whether the configured model is one of the listed ones (Ollama's "llama3" is "llama3:latest"). */
export function modelIsListed(config: ProviderConfig, models: readonly ModelInfo[]): boolean {
  const wanted = config.model.trim();
  return models.some(({ id }) =>
    id === wanted ||
    (config.kind === 'ollama' && !wanted.includes(':') && id === `${wanted}:latest`) ||
    // Anthropic lists dated ids; its aliases ("claude-sonnet-4-0", "…-latest") name the newest of a family.
    (config.kind === 'anthropic' && /-(?:latest|0)$/.test(wanted) && id.startsWith(`${wanted.replace(/-(?:latest|0)$/, '')}-`)));
}

export interface ConnectionReport {
  models: ModelInfo[];
  /** For the notification: where, and how many models. */
  message: string;
}

/** Lists the models and checks the configured one is among them; throws AiProviderError with the fix otherwise. */
export async function testConnection(config: ProviderConfig, options: ListModelsOptions = {}): Promise<ConnectionReport> {
  const models = await listModels(config, options);
  const host = hostOf(config.baseUrl);
  if (!config.model.trim()) {
    throw new AiProviderError('notFound', `Connected to ${host}, but no model is chosen. Run “${AI_COMMANDS.selectModel}” or set ${AI_SETTINGS.model}.`);
  }
  if (!modelIsListed(config, models)) {
    const some = models.slice(0, 5).map((m) => m.id).join(', ');
    throw new AiProviderError('notFound',
      `Connected to ${host}, but it has no model “${config.model}”${some ? ` (it has ${some}${models.length > 5 ? ', …' : ''})` : ' (it lists none)'}. Run “${AI_COMMANDS.selectModel}” or set ${AI_SETTINGS.model}.`);
  }
  return { models, message: `Connected to ${host}: model “${config.model}” is available (${models.length} model${models.length === 1 ? '' : 's'} listed).` };
}
