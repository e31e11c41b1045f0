// Runs one structured AI action (Analyze Log, Suggest Next Why, Draft Section, Status Update) up to its proposal:
// the worker's AI gate builds and audits the request from redacted text, sendPrepared sends exactly those bytes,
// parseActionReply checks the reply. Nothing is stored here — each command shows the proposal and stores only what
// the user accepts. Under a cancellable progress notification; a reply that does not parse offers Retry.
import * as vscode from 'vscode';
import { parseActionReply, type ActionResults, type AiAction } from '../../core/ai/actions';
import type { ContextPicks } from '../../storage/ai/gateInput';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { Services } from '../workbench/services';
import { modelLabel, providerSettings, type ProviderSettings } from './aiSettings';
import { gateProvider } from './assistantBackend';
import { sendPrepared } from './sendPrepared';

export interface ActionRequest<A extends AiAction> {
  action: A;
  issueId: string;
  logId?: string;
  level?: number;
  section?: string;
  currentText?: string;
}

/** What each action sends besides its instruction: the incident always; log excerpts where they are evidence. */
const CONTEXT: Record<AiAction, ContextPicks> = {
  analyzeLog: { includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true },
  suggestNextWhy: { includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true },
  draftSection: { includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true },
  statusUpdate: { includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: false },
};

export const SELECT_MODEL = 'Select AI Model…';
export const RETRY = 'Retry';

/** The chosen model's settings; with none, offers Select AI Model… (undefined when the user leaves it unset). */
export async function modelOrOffer(services: Services, what: string): Promise<ProviderSettings | undefined> {
  const settings = providerSettings();
  if (settings.model) return settings;
  const choice = await services.ui.showWarningMessage(`TRCAA: ${what} needs an AI model, and none is chosen yet. Choose one (a local Ollama works) — nothing is sent before you do.`, SELECT_MODEL);
  if (choice !== SELECT_MODEL) return undefined;
  await vscode.commands.executeCommand('trcaa.ai.selectModel');
  const chosen = providerSettings();
  return chosen.model ? chosen : undefined;
}

/** One send and its raw reply; undefined when the user cancelled. */
async function ask<A extends AiAction>(services: Services, settings: ProviderSettings, request: ActionRequest<A>, title: string): Promise<{ text: string; incompleteReason?: string } | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: ${title} (${modelLabel(settings) ?? settings.model})…`, cancellable: true }, async (_, token) => {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const store = await services.store();
      const prepared = await store.aiGate.prepareAction({
        issueId: request.issueId,
        action: request.action,
        ...(request.logId ? { logId: request.logId } : {}),
        ...(request.level ? { level: request.level } : {}),
        ...(request.section ? { section: request.section } : {}),
        ...(request.currentText ? { currentText: request.currentText } : {}),
        provider: gateProvider(settings),
        context: CONTEXT[request.action],
        pii: piiDetectorOptions(services),
      });
      warnPatternProblems(services, prepared.problems);
      if (abort.signal.aborted) return undefined;
      const result = await sendPrepared(services, settings, prepared, () => undefined, abort.signal);
      if (abort.signal.aborted) return undefined;
      return { text: result.text, ...(result.incomplete ? { incompleteReason: result.incompleteReason ?? 'the answer ended early' } : {}) };
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      throw error;
    } finally {
      cancel.dispose();
    }
  });
}

/**
 * The action's validated result, or undefined when the user cancelled, chose no model, or gave up after a reply
 * that did not parse (the message says what was wrong and offers Retry). Provider failures (a refused key, 5xx, an
 * unapproved log) throw with their message.
 */
export async function runAiAction<A extends AiAction>(services: Services, request: ActionRequest<A>, title: string): Promise<ActionResults[A] | undefined> {
  for (;;) {
    const settings = await modelOrOffer(services, title);
    if (!settings) return undefined;
    const reply = await ask(services, settings, request, title);
    if (!reply) return undefined;
    let problem: string;
    try {
      return parseActionReply(request.action, reply.text);
    } catch (error) {
      // Never the reply's text in the log or the message: it may quote the incident.
      problem = error instanceof Error ? error.message : String(error);
      if (reply.incompleteReason) problem = `The answer was cut off (${reply.incompleteReason}). ${problem}`;
    }
    services.log.warn(`[ai] ${request.action}: the model's reply was not usable: ${problem.slice(0, 300)}`);
    const choice = await services.ui.showErrorMessage(`TRCAA: ${title}: the model's reply could not be used. ${problem}`, RETRY);
    if (choice !== RETRY) return undefined;
  }
}
