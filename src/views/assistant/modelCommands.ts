// TRCAA: Select AI Model…, Test AI Connection, Sign Out of AI Provider. The key a remote provider needs is asked
// for here and kept in VS Code's secret storage (aiSettings.ts keyName); settings hold where and which model only.
import * as vscode from 'vscode';
import { checkProviderUrl, listModels, testConnection } from '../../core/ai/providers';
import type { ModelInfo, ProviderKind } from '../../core/ai/types';
import type { Services } from '../workbench/services';
import { DEFAULT_BASE_URLS, keyName, PROVIDER_KINDS, PROVIDER_LABELS, providerConfig, providerSettings, type ProviderSettings } from './aiSettings';
import { vscodeModels } from './vscodeModels';

const PROVIDER_DETAILS: Record<ProviderKind, string> = {
  ollama: 'Local models on this machine (or your server), no key',
  openai: 'OpenAI, Azure OpenAI, LM Studio, vLLM, llama.cpp server…',
  anthropic: 'Claude models, with an API key',
  vscode: 'A model VS Code provides, e.g. GitHub Copilot',
};

const needsKey = (kind: ProviderKind) => kind === 'openai' || kind === 'anthropic';

async function models(services: Services, settings: ProviderSettings): Promise<ModelInfo[]> {
  if (settings.kind === 'vscode') return vscodeModels();
  const config = await providerConfig(services.context.secrets, { ...settings, model: settings.model || 'unset' });
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: asking ${settings.baseUrl} for its models…`, cancellable: true }, (_, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return listModels(config, { signal: abort.signal });
  });
}

/** Provider → (base URL) → (key) → model; each step can be backed out of, nothing is saved until the model is picked. */
export async function selectModel(services: Services): Promise<string | undefined> {
  const { ui, context } = services;
  const current = providerSettings();
  const picked = await ui.showQuickPick(
    PROVIDER_KINDS.map((kind) => ({ label: PROVIDER_LABELS[kind], description: kind === current.kind ? '(current)' : '', detail: PROVIDER_DETAILS[kind], provider: kind })),
    { title: 'TRCAA: Select AI Model (1/2): provider', placeHolder: 'Which provider answers in the TRCAA chat?' },
  );
  if (!picked) return undefined;
  const kind = picked.provider;
  let baseUrl = kind === current.kind ? current.baseUrl : DEFAULT_BASE_URLS[kind];
  if (kind !== 'vscode') {
    const typed = await ui.showInputBox({
      title: `TRCAA: ${PROVIDER_LABELS[kind]} base URL`,
      value: baseUrl,
      prompt: 'Where the provider answers (https://…, or http:// on this machine)',
      validateInput: (value) => {
        try {
          checkProviderUrl({ kind, baseUrl: value.trim(), model: 'x', allowInsecureHttp: current.allowInsecureHttp });
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (typed === undefined) return undefined;
    baseUrl = typed.trim();
  }
  const settings: ProviderSettings = { ...current, kind, baseUrl, model: kind === current.kind ? current.model : '' };
  if (needsKey(kind) && !(await context.secrets.get(keyName(settings)))) {
    const key = await ui.showInputBox({ title: `TRCAA: ${PROVIDER_LABELS[kind]} API key`, prompt: `The API key for ${baseUrl}; kept in VS Code's secret storage, never in settings`, password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter the key.') });
    if (key === undefined) return undefined;
    await context.secrets.store(keyName(settings), key.trim());
  }
  const offered = await models(services, settings);
  if (!offered.length) {
    void ui.showWarningMessage(kind === 'vscode' ? 'TRCAA: VS Code offers no language model here (install one, e.g. GitHub Copilot Chat).' : `TRCAA: ${baseUrl} lists no models. Pull one first (e.g. "ollama pull llama3.1:8b").`);
    return undefined;
  }
  const model = await ui.showQuickPick(
    offered.map((m) => ({ label: m.id, description: [m.id === settings.model ? '(current)' : '', m.contextTokens ? `${m.contextTokens.toLocaleString('en-US')} tokens` : ''].filter(Boolean).join(' · '), id: m.id })),
    { title: 'TRCAA: Select AI Model (2/2): model', placeHolder: `Models at ${PROVIDER_LABELS[kind]}`, matchOnDescription: true },
  );
  if (!model) return undefined;
  const config = vscode.workspace.getConfiguration('trcaa.ai');
  const target = vscode.ConfigurationTarget.Global;
  await config.update('provider', kind, target);
  await config.update('baseUrl', baseUrl === DEFAULT_BASE_URLS[kind] ? undefined : baseUrl, target);
  await config.update('model', model.id, target);
  services.log.info(`[ai] model set: ${PROVIDER_LABELS[kind]} ${model.id}`);
  void ui.showInformationMessage(`TRCAA: the chat now asks ${PROVIDER_LABELS[kind]} · ${model.id}.`);
  return model.id;
}

export async function testAiConnection(services: Services): Promise<string> {
  const settings = providerSettings();
  if (settings.kind === 'vscode') {
    const offered = await vscodeModels();
    const found = offered.some((m) => m.id === settings.model);
    if (!found) throw new Error(offered.length ? `VS Code offers no model "${settings.model}". Run "TRCAA: Select AI Model…".` : 'VS Code offers no language model here.');
    const message = `TRCAA: VS Code's model ${settings.model} is available.`;
    void services.ui.showInformationMessage(message);
    return message;
  }
  const config = await providerConfig(services.context.secrets, settings);
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: testing ${settings.baseUrl}…` }, () => testConnection(config));
  services.log.info(`[ai] connection test: ${report.message}`);
  void services.ui.showInformationMessage(`TRCAA: ${report.message}`);
  return report.message;
}

export async function signOutOfAiProvider(services: Services): Promise<boolean> {
  const settings = providerSettings();
  const name = keyName(settings);
  if (!(await services.context.secrets.get(name))) {
    void services.ui.showInformationMessage(`TRCAA: no key is stored for ${PROVIDER_LABELS[settings.kind]} at ${settings.baseUrl || 'VS Code'}.`);
    return false;
  }
  const remove = 'Remove Key';
  const choice = await services.ui.showWarningMessage(`Remove the stored API key for ${PROVIDER_LABELS[settings.kind]} at ${settings.baseUrl}?`, { modal: true, detail: 'The chat asks for it again on the next Select AI Model….' }, remove);
  if (choice !== remove) return false;
  await services.context.secrets.delete(name);
  services.log.info(`[ai] key removed for ${PROVIDER_LABELS[settings.kind]}`);
  return true;
}
